using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Files;

namespace McpGate.Kubernetes.Tests.KubeConfig;

/// <summary><c>user.exec</c> and <c>cluster.proxy-url</c> parsing: every field, every malformed shape named.</summary>
public sealed class KubeConfigExecTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> MalformedExec => new()
    {
        { "exec: nope", "users[0].user.exec must be a mapping with command and apiVersion" },
        { "exec: {apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never}", "users[0].user.exec.command is required" },
        { "exec: {command: aws}", "users[0].user.exec.apiVersion is required*" },
        { "exec: {command: aws, apiVersion: client.authentication.k8s.io/v1alpha1}", "users[0].user.exec.apiVersion 'client.authentication.k8s.io/v1alpha1' is not supported*" },
        { "exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}", "users[0].user.exec.interactiveMode is required for client.authentication.k8s.io/v1*" },
        { "exec: {command: aws, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Sometimes}", "users[0].user.exec.interactiveMode 'Sometimes' must be Never, IfAvailable or Always" },
        { "exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1, args: 'eks get-token'}", "users[0].user.exec.args must be a list of strings" },
        { "exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1, args: [a, [b]]}", "users[0].user.exec.args[1] must be a string" },
        { "exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1, env: {A: b}}", "users[0].user.exec.env must be a list of {name, value}" },
        { "exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1, env: [{value: b}]}", "users[0].user.exec.env[0].name is required and must not contain '='" },
        { "exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1, provideClusterInfo: perhaps}", "users[0].user.exec.provideClusterInfo 'perhaps' must be true or false" },
    };

    [Fact]
    public void Resolve_ExecUser_ParsesEveryField()
    {
        var path = _dir.Write("config", Config(
            "exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: [eks, get-token, --cluster-name, prod], "
            + "env: [{name: AWS_PROFILE, value: prod-admin}], provideClusterInfo: true, interactiveMode: Never, installHint: install the AWS CLI}"));

        var exec = KubeConfigLoader.Load(path).Resolve().Exec!;

        exec.Command.Should().Be("aws");
        exec.ApiVersion.Should().Be(KubeExecConfig.ApiVersionV1Beta1);
        exec.Args.Should().Equal("eks", "get-token", "--cluster-name", "prod");
        exec.Env.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, string>("AWS_PROFILE", "prod-admin"));
        exec.ProvideClusterInfo.Should().BeTrue();
        exec.InteractiveMode.Should().Be(KubeExecInteractiveMode.Never);
        exec.InstallHint.Should().Be("install the AWS CLI");
        exec.BaseDirectory.Should().Be(_dir.Path);
        exec.ToString().Should().NotContain("prod-admin", "env values may be secrets");
    }

    [Fact]
    public void Resolve_V1Beta1WithoutInteractiveMode_DefaultsToIfAvailable()
    {
        var path = _dir.Write("config", Config("exec: {command: gke-gcloud-auth-plugin, apiVersion: client.authentication.k8s.io/v1beta1}"));

        KubeConfigLoader.Load(path).Resolve().Exec!.InteractiveMode.Should().Be(KubeExecInteractiveMode.IfAvailable);
    }

    [Theory]
    [MemberData(nameof(MalformedExec))]
    public void Resolve_MalformedExec_NamesField(string userYaml, string expected)
    {
        var path = _dir.Write("config", Config(userYaml));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().Which.Errors.Should().ContainMatch($"kubeconfig {path}: {expected}");
    }

    [Fact]
    public void Resolve_InteractiveModeAlways_IsRefusedBecauseThereIsNoTerminal()
    {
        var path = _dir.Write("config", Config("exec: {command: kubelogin, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Always}"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*users[0].user.exec.interactiveMode is Always: the plugin needs a terminal and McpGate runs without one*");
    }

    [Fact]
    public void Resolve_ExecWithToken_IsRefused()
    {
        var path = _dir.Write("config", Config("token: abc\n      exec: {command: aws, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never}"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*users[0].user.exec cannot be combined with token*");
    }

    [Fact]
    public void Resolve_AuthProvider_IsRefusedNamingField()
    {
        var path = _dir.Write("config", Config("auth-provider: {name: gcp}"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*users[0].user.auth-provider is set: this authentication mechanism is not supported*");
    }

    [Theory]
    [InlineData("http://proxy.corp:3128")]
    [InlineData("https://user:pa%40ss@proxy.corp:8443")]
    public void Resolve_HttpProxy_IsKeptAndNotPrinted(string proxy)
    {
        var path = _dir.Write("config", Config("token: abc", $"proxy-url: {proxy}"));

        var endpoint = KubeConfigLoader.Load(path).Resolve();

        endpoint.ProxyUrl.Should().Be(new Uri(proxy));
        endpoint.ToString().Should().NotContain("pa%40ss");
    }

    [Fact]
    public void Resolve_SocksProxy_IsRefusedNamingField()
    {
        var path = _dir.Write("config", Config("token: abc", "proxy-url: socks5://127.0.0.1:1080"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*clusters[0].cluster.proxy-url uses 'socks5': only http and https proxies are supported (SOCKS is not)");
    }

    [Fact]
    public void Resolve_ProxyUrlNotAUrl_NamesField()
    {
        var path = _dir.Write("config", Config("token: abc", "proxy-url: 'proxy:3128 x'"));

        var act = () => KubeConfigLoader.Load(path).Resolve();

        act.Should().Throw<KubeConfigException>().WithMessage("*clusters[0].cluster.proxy-url 'proxy:3128 x' must be an absolute URL*");
    }

    [Fact]
    public void DefaultPath_KubeconfigVariable_IsReturnedAsList()
    {
        var list = $"/a/config{Path.PathSeparator}/b/config";

        KubeConfigLoader.DefaultPath(name => name == "KUBECONFIG" ? list : null).Should().Be(list);
    }

    [Fact]
    public void DefaultPath_HomeConfig_IsUsedWithoutVariable()
    {
        var config = _dir.Write(".kube/config", "{}");

        KubeConfigLoader.DefaultPath(name => name == "HOME" ? _dir.Path : null).Should().Be(config);
    }

    private static string Config(string userYaml, string clusterExtra = "") => $$"""
        current-context: dev
        clusters:
        - name: c1
          cluster:
            server: https://127.0.0.1:6443
            {{clusterExtra}}
        users:
        - name: u1
          user:
              {{userYaml}}
        contexts:
        - name: dev
          context: {cluster: c1, user: u1}
        """;
}
