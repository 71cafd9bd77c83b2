using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Tests.KubeConfig;

/// <summary>
/// As in client-go, a bad cluster, user or context fails only when it is selected; YAML and structural
/// errors still fail the whole file.
/// </summary>
public sealed class KubeConfigEntryErrorTests
{
    public static TheoryData<string> Malformed => new()
    {
        "clusters:\n- name: a\n  name: b\n  cluster: {server: https://x}\n",
        "clusters: &a [*a]\n",
        "current-context: [x]\n",
        "clusters:\n- name: a\n  cluster: {server: https://x, certificate-authority-data: '!!!!'}\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\n",
        "clusters:\n- name: a\n  cluster: {server: 'https://[::1'}\n",
        "clusters:\n- name: 5\n  cluster: {server: https://x}\n",
        "users:\n- name: u\n  user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, env: [{name: A}]}}\n",
        "? [a]\n: b\n",
        "users:\n- name: u\n  user:\n    token: t\n    token: t2\n",
        "\t bad",
        "%YAML 1.1\n%YAML 1.1\n---\n",
        "a: !!binary xx\n",
        "clusters:\n- name: a\n  cluster: {server: https://x, certificate-authority-data: 'aGVsbG8='}\ncontexts:\n- name: c\n  context: {cluster: a, user: u}\nusers:\n- name: u\n  user: {token: t}\ncurrent-context: c\n",
    };

    public static TheoryData<string, string> BadEntries => new()
    {
        // extra YAML, the bad context's error
        { "- name: bad\n  context: {cluster: c, user: \"\"}\n", "contexts[1].context.user is required" },
        { "- name: bad\n  context: {cluster: c, user: alpha}\n", "users[1].user.exec.apiVersion 'client.authentication.k8s.io/v1alpha1' is not supported" },
        { "- name: bad\n  context: {cluster: broken, user: u}\n", "clusters[1].cluster.server" },
        { "- name: bad\n  context: {cluster: c, user: u, namespace: [x]}\n", "contexts[1].context.namespace must be a string" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void ParseAndResolve_MalformedInput_ThrowsOnlyKubeConfigException(string yaml)
    {
        var act = () =>
        {
            try
            {
                var configuration = KubeConfigLoader.Parse(yaml, "/tmp/k", "/tmp");
                if (configuration.CurrentContext is not null)
                {
                    configuration.Resolve();
                }
            }
            catch (KubeConfigException)
            {
                // The one exception a bad kubeconfig may cause.
            }
        };

        act.Should().NotThrow("anything but a KubeConfigException is a bug");
    }

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void Resolve_AnotherEntryIsBad_SelectedContextStillWorksAndBadOneFails(string badContext, string expected)
    {
        var configuration = KubeConfigLoader.Parse(WithBadEntries(badContext), "/tmp/k", "/tmp");

        configuration.Resolve("good").Server.Should().Be(new Uri("https://kube.example:6443"));
        var bad = () => configuration.Resolve("bad");
        bad.Should().Throw<KubeConfigException>().Which.Message.Should().Contain("kubeconfig /tmp/k: " + expected);
    }

    [Theory]
    [InlineData("clusters: {a: b}\n", "clusters must be a list")]
    [InlineData("contexts:\n- just-a-string\n", "contexts[0] must be a mapping")]
    [InlineData("users:\n- user: {token: t}\n", "users[0].name is required")]
    [InlineData("clusters: [\n", "not valid YAML")]
    public void Parse_StructuralError_FailsTheWholeFile(string yaml, string expected)
    {
        var act = () => KubeConfigLoader.Parse(yaml, "/tmp/k", "/tmp");

        act.Should().Throw<KubeConfigException>().Which.Message.Should().Contain(expected);
    }

    private static string WithBadEntries(string badContext) => $$"""
        clusters:
        - name: c
          cluster: {server: "https://kube.example:6443"}
        - name: broken
          cluster: {server: "ftp://nowhere"}
        users:
        - name: u
          user: {token: t}
        - name: alpha
          user:
            exec: {command: x, apiVersion: client.authentication.k8s.io/v1alpha1}
        contexts:
        - name: good
          context: {cluster: c, user: u}
        {{badContext}}
        """;
}
