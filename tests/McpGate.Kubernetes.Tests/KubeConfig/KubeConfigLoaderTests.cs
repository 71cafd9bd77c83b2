using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Files;

namespace McpGate.Kubernetes.Tests.KubeConfig;

public sealed class KubeConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_TokenUser_ResolvesEndpoint()
    {
        var path = _dir.Write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: c1
              cluster:
                server: https://10.0.0.1:6443
                tls-server-name: kube.local
            users:
            - name: u1
              user:
                token: s3cret
            contexts:
            - name: dev
              context:
                cluster: c1
                user: u1
                namespace: demo
            """);

        var endpoint = KubeConfigLoader.Load(path).Resolve();

        endpoint.ContextName.Should().Be("dev");
        endpoint.Server.Should().Be(new Uri("https://10.0.0.1:6443"));
        endpoint.Namespace.Should().Be("demo");
        endpoint.Token.Should().Be("s3cret");
        endpoint.TlsServerName.Should().Be("kube.local");
        endpoint.ToString().Should().NotContain("s3cret");
    }

    [Fact]
    public void Load_CertificateAuthorityData_IsDecodedToPem()
    {
        var pem = CreateCaPem();
        var path = _dir.Write("config", Config($"certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(pem))}"));

        var endpoint = KubeConfigLoader.Load(path).Resolve();

        endpoint.CertificateAuthorityPem.Should().Be(pem);
    }

    [Fact]
    public void Load_CertificateAuthorityFile_ResolvesRelativeToKubeconfigFolder()
    {
        var pem = CreateCaPem();
        _dir.Write("certs/ca.crt", pem);
        var path = _dir.Write("kube/config", Config("certificate-authority: ../certs/ca.crt"));

        var configuration = KubeConfigLoader.Load(path);

        configuration.Clusters["c1"].CertificateAuthorityFile.Should().Be(Path.Combine(_dir.Path, "certs", "ca.crt"));
        configuration.Resolve().CertificateAuthorityPem.Should().Be(pem);
    }

    [Fact]
    public void Load_MissingCertificateAuthorityFile_NamesField()
    {
        var path = _dir.Write("config", Config("certificate-authority: nope.crt"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage($"*{path}*clusters[0].cluster.certificate-authority*nope.crt*cannot be read*");
    }

    [Fact]
    public void Load_TwoFiles_MergesByNameFirstWins()
    {
        var first = _dir.Write("a", """
            current-context: one
            clusters:
            - name: shared
              cluster: { server: "https://first:6443" }
            users:
            - name: u
              user: { token: first-token }
            contexts:
            - name: one
              context: { cluster: shared, user: u }
            """);
        var second = _dir.Write("b", """
            current-context: two
            clusters:
            - name: shared
              cluster: { server: "https://second:6443" }
            - name: other
              cluster: { server: "https://other:6443" }
            users:
            - name: u
              user: { token: second-token }
            contexts:
            - name: two
              context: { cluster: other, user: u, namespace: ns2 }
            """);

        var configuration = KubeConfigLoader.Load(first + Path.PathSeparator + second);

        configuration.CurrentContext.Should().Be("one");
        configuration.Clusters["shared"].Server.Host.Should().Be("first");
        configuration.Contexts.Keys.Should().BeEquivalentTo("one", "two");
        var two = configuration.Resolve("two");
        two.Server.Host.Should().Be("other");
        two.Token.Should().Be("first-token");
        two.Namespace.Should().Be("ns2");
    }

    [Fact]
    public void Resolve_NamedContext_OverridesCurrentContext()
    {
        var path = _dir.Write("config", Config(string.Empty) + """

            - name: other
              context: { cluster: c1, user: u1, namespace: kube-system }
            """);

        var endpoint = KubeConfigLoader.Load(path).Resolve("other");

        endpoint.ContextName.Should().Be("other");
        endpoint.Namespace.Should().Be("kube-system");
    }

    [Fact]
    public void Resolve_NoNamespace_DefaultsToDefault()
    {
        var path = _dir.Write("config", Config(string.Empty));

        KubeConfigLoader.Load(path).Resolve().Namespace.Should().Be("default");
    }

    [Fact]
    public void Resolve_MissingContext_NamesContextAndKnownOnes()
    {
        var path = _dir.Write("config", Config(string.Empty));

        var act = () => KubeConfigLoader.Load(path).Resolve("prod");

        act.Should().Throw<KubeConfigException>().WithMessage("*context 'prod' is not defined in contexts (known: dev)*");
    }

    [Fact]
    public void Resolve_UndefinedClusterReference_NamesFileAndField()
    {
        var path = _dir.Write("config", Config(string.Empty).Replace("cluster: c1", "cluster: foo", StringComparison.Ordinal));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>()
            .WithMessage($"kubeconfig {path}: contexts[0].context.cluster 'foo' is not defined in clusters");
    }

    [Fact]
    public void Resolve_BasicAuthUser_IsRefused()
    {
        var path = _dir.Write("config", Config(string.Empty).Replace("token: s3cret", "username: admin\n    password: hunter2", StringComparison.Ordinal));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*users[0].user.username*basic auth is not supported*")
            .And.Message.Should().NotContain("hunter2");
    }

    [Theory]
    [InlineData("clusters:\n- name: [unclosed\n  cluster: {}\n", "not valid YAML*")]
    [InlineData("clusters: a: b\n", "not valid YAML at line *")]
    [InlineData("current-context: a\ncurrent-context: b\n", "not valid YAML at line *")]
    public void Load_MalformedYaml_ReportsFile(string yaml, string expected)
    {
        var path = _dir.Write("config", yaml);

        var act = () => KubeConfigLoader.Load(path);

        act.Should().Throw<KubeConfigException>().WithMessage($"kubeconfig {path}: {expected}");
    }

    [Theory]
    [InlineData("- just\n- a list\n", "the document must be a mapping*")]
    [InlineData("clusters: nope\n", "clusters must be a list")]
    public void Load_WrongShape_NamesField(string yaml, string expected)
    {
        var path = _dir.Write("config", yaml);

        var act = () => KubeConfigLoader.Load(path);

        act.Should().Throw<KubeConfigException>().WithMessage($"kubeconfig {path}: {expected}");
    }

    [Theory]
    [InlineData("clusters:\n- name: a\n", "clusters[0].cluster is required and must be a mapping")]
    [InlineData("clusters:\n- name: a\n  cluster:\n    server: https://x\n    insecure-skip-tls-verify: maybe\n", "clusters[0].cluster.insecure-skip-tls-verify 'maybe' must be true or false")]
    public void Load_BadNamedEntry_KeepsItsErrorsForWhenItIsSelected(string yaml, string expected)
    {
        var path = _dir.Write("config", yaml);

        var configuration = KubeConfigLoader.Load(path);

        configuration.Clusters.Should().BeEmpty();
        configuration.InvalidEntries.Should().ContainSingle().Which.Errors.Should().Equal($"kubeconfig {path}: {expected}");
    }

    [Fact]
    public void Load_EmptyFile_GivesEmptyConfiguration()
    {
        var path = _dir.Write("config", string.Empty);

        var configuration = KubeConfigLoader.Load(path);

        configuration.Contexts.Should().BeEmpty();
        configuration.CurrentContext.Should().BeNull();
    }

    [Fact]
    public void Resolve_BadBase64CertificateAuthorityData_NamesField()
    {
        var path = _dir.Write("config", Config("certificate-authority-data: '!!not base64!!'"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>()
            .WithMessage($"kubeconfig {path}: clusters[0].cluster.certificate-authority-data is not valid base64");
    }

    [Fact]
    public void Load_Base64OfNonPem_NamesFieldOnResolve()
    {
        var path = _dir.Write("config", Config($"certificate-authority-data: {Convert.ToBase64String("hello"u8.ToArray())}"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*clusters[0].cluster.certificate-authority-data contains no PEM certificate*");
    }

    [Fact]
    public void Load_SeveralErrors_ReportsAllAtOnce()
    {
        var path = _dir.Write("config", """
            clusters:
            - name: a
              cluster: { server: "not a url" }
            - cluster: { server: "https://x" }
            contexts:
            - name: c
              context: { user: u }
            """);

        var act = () => KubeConfigLoader.Load(path);

        // Only the structural error fails the file; the bad named entries fail when selected.
        act.Should().Throw<KubeConfigException>().Which.Errors.Should().BeEquivalentTo(
            $"kubeconfig {path}: clusters[1].name is required");
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var path = Path.Combine(_dir.Path, "absent");

        var act = () => KubeConfigLoader.Load(path);

        act.Should().Throw<KubeConfigException>().WithMessage($"kubeconfig {path}: cannot be read*");
    }

    [Fact]
    public void Resolve_NoCurrentContext_AsksForOne()
    {
        var path = _dir.Write("config", Config(string.Empty).Replace("current-context: dev", string.Empty, StringComparison.Ordinal));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*current-context is not set*");
    }

    [Fact]
    public void Resolve_TokenFile_IsKeptAsAbsolutePath()
    {
        _dir.Write("token", "abc\n");
        var path = _dir.Write("config", Config(string.Empty).Replace("token: s3cret", "tokenFile: token", StringComparison.Ordinal));

        var endpoint = KubeConfigLoader.Load(path).Resolve();

        endpoint.TokenFile.Should().Be(Path.Combine(_dir.Path, "token"));
        endpoint.Token.Should().BeNull();
    }

    private static string Config(string clusterExtra) => $$"""
        current-context: dev
        clusters:
        - name: c1
          cluster:
            server: https://127.0.0.1:6443
            {{clusterExtra}}
        users:
        - name: u1
          user:
            token: s3cret
        contexts:
        - name: dev
          context:
            cluster: c1
            user: u1
        """;

    private static string CreateCaPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n";
    }
}
