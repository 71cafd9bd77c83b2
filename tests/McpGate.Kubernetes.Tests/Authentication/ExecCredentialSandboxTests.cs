using System.Text.Json.Nodes;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Authentication;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Sandbox;
using McpGate.Testing.Time;

namespace McpGate.Kubernetes.Tests.Authentication;

/// <summary>Exec credential plugins (bash scripts in a temp folder) against the sandbox over HTTPS.</summary>
public sealed class ExecCredentialSandboxTests : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxFixture _sandbox;
    private readonly ExecPluginScript _plugin = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public ExecCredentialSandboxTests(SandboxFixture sandbox) => _sandbox = sandbox;

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _plugin.Dispose();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData(KubeExecConfig.ApiVersionV1)]
    [InlineData(KubeExecConfig.ApiVersionV1Beta1)]
    public async Task GetAsync_PluginPrintsToken_AuthenticatesAndCachesIt(string apiVersion)
    {
        var script = _plugin.WritePrinting("plugin.sh", ExecPluginScript.Credential(apiVersion, _sandbox.Cluster.Token));
        using var client = Client(script, apiVersion);

        await client.GetAsync(TestDeployments.Named("web"), Ct);
        await client.GetAsync(TestDeployments.Named("api"), Ct);

        _plugin.Calls.Should().Be(1, "a credential without expirationTimestamp is kept until the server rejects it");
    }

    [Theory]
    [InlineData(McpGate.Sandbox.SandboxKeyAlgorithm.EcdsaP256)]
    [InlineData(McpGate.Sandbox.SandboxKeyAlgorithm.Rsa2048)]
    public async Task GetAsync_PluginPrintsClientCertificate_AuthenticatesWithIt(McpGate.Sandbox.SandboxKeyAlgorithm algorithm)
    {
        var certificate = _sandbox.Cluster.IssueClientCertificate("exec-user", ["system:masters"], algorithm);
        var credential = new JsonObject
        {
            ["apiVersion"] = KubeExecConfig.ApiVersionV1,
            ["kind"] = "ExecCredential",
            ["status"] = new JsonObject { ["clientCertificateData"] = certificate.CertificatePem, ["clientKeyData"] = certificate.PrivateKeyPem },
        };
        var script = _plugin.WritePrinting("plugin.sh", credential.ToJsonString());
        using var client = Client(script);

        var web = await client.GetAsync(TestDeployments.Named("web"), Ct);

        web["kind"]!.GetValue<string>().Should().Be("Deployment");
        _plugin.Calls.Should().Be(1);
    }

    [Fact]
    public async Task GetAsync_CredentialExpires_RunsPluginAgain()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var expiry = clock.GetUtcNow().AddMinutes(10);
        var script = _plugin.WritePrinting("plugin.sh", ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, _sandbox.Cluster.Token, expiry));
        using var client = Client(script, options: new KubeApiClientOptions { TimeProvider = clock });

        await client.GetAsync(TestDeployments.Named("web"), Ct);
        clock.Advance(TimeSpan.FromMinutes(5));
        await client.GetAsync(TestDeployments.Named("web"), Ct);
        _plugin.Calls.Should().Be(1, "the credential is still valid");

        clock.Advance(TimeSpan.FromMinutes(6));
        await client.GetAsync(TestDeployments.Named("web"), Ct);
        _plugin.Calls.Should().Be(2, "the credential expired");
    }

    [Fact]
    public async Task GetAsync_ConcurrentFirstUse_RunsPluginOnce()
    {
        var script = _plugin.WriteScript("plugin.sh", $"sleep 0.3\ncat <<'JSON'\n{ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, _sandbox.Cluster.Token)}\nJSON");
        using var client = Client(script);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync(TestDeployments.Named("web"), Ct)));

        _plugin.Calls.Should().Be(1);
    }

    [Fact]
    public async Task GetAsync_ServerRejectsToken_RefreshesOnceAndSucceeds()
    {
        var stale = ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, "stale-token");
        var fresh = ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, _sandbox.Cluster.Token);
        var script = _plugin.WriteScript("plugin.sh", $"if [ \"$n\" -eq 1 ]; then\ncat <<'JSON'\n{stale}\nJSON\nelse\ncat <<'JSON'\n{fresh}\nJSON\nfi");
        using var client = Client(script);

        var web = await client.GetAsync(TestDeployments.Named("web"), Ct);

        web["metadata"]!["name"]!.GetValue<string>().Should().Be("web");
        _plugin.Calls.Should().Be(2);
    }

    [Fact]
    public async Task GetAsync_RefreshAfterUnauthorized_LogsNeverContainTokens()
    {
        var stale = ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, "stale-secret-token");
        var fresh = ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, _sandbox.Cluster.Token);
        var script = _plugin.WriteScript("plugin.sh", $"if [ \"$n\" -eq 1 ]; then\ncat <<'JSON'\n{stale}\nJSON\nelse\ncat <<'JSON'\n{fresh}\nJSON\nfi");
        var logs = new RecordingLoggerFactory();
        var endpoint = _plugin.Endpoint(_sandbox.Cluster.SecureBaseAddress, _sandbox.Cluster.CertificateAuthorityPem, script);
        using var client = new KubeApiClient(endpoint, null, logs);

        await client.GetAsync(TestDeployments.Named("web"), Ct);

        logs.Events.Should().Contain(e => e.Id.Id == 3201, "the 401 refresh is logged");
        logs.Events.Should().AllSatisfy(e => e.Message.Should().NotContain("stale-secret-token").And.NotContain(_sandbox.Cluster.Token));
    }

    [Fact]
    public async Task GetAsync_TokenAlwaysRejected_RefreshesOnlyOnce()
    {
        var script = _plugin.WritePrinting("plugin.sh", ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, "never-valid"));
        using var client = Client(script);

        var act = () => client.GetAsync(TestDeployments.Named("web"), Ct);

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeApiReason.Unauthorized);
        error.Message.Should().NotContain("never-valid");
        _plugin.Calls.Should().Be(2);
    }

    [Fact]
    public async Task GetAsync_PluginGetsArgsEnvExecInfoAndNoStdin()
    {
        var seen = Path.Combine(_plugin.Directory, "seen.txt");
        var token = ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, _sandbox.Cluster.Token);
        var script = _plugin.WriteScript(
            "plugin.sh",
            $"printf '%s\\n' \"$1\" \"$2\" \"$MY_ROLE\" >> '{seen}'\nprintf '%s\\n' \"$KUBERNETES_EXEC_INFO\" >> '{seen}'\nif read -r line; then echo stdin-open >> '{seen}'; else echo stdin-closed >> '{seen}'; fi\ncat <<'JSON'\n{token}\nJSON");
        var extra = "      args: [\"--role\", \"two words\"]\n      env:\n      - {name: MY_ROLE, value: arn:aws:iam::1:role/x}\n      provideClusterInfo: true\n";
        using var client = Client(script, extra: extra);

        await client.GetAsync(TestDeployments.Named("web"), Ct);

        var lines = await File.ReadAllLinesAsync(seen, Ct);
        lines[0].Should().Be("--role");
        lines[1].Should().Be("two words", "args are passed as a list, without a shell splitting them");
        lines[2].Should().Be("arn:aws:iam::1:role/x");
        var info = JsonNode.Parse(lines[3])!;
        info["kind"]!.GetValue<string>().Should().Be("ExecCredential");
        info["apiVersion"]!.GetValue<string>().Should().Be(KubeExecConfig.ApiVersionV1);
        info["spec"]!["interactive"]!.GetValue<bool>().Should().BeFalse();
        info["spec"]!["cluster"]!["server"]!.GetValue<string>().Should().Be(_sandbox.Cluster.SecureBaseAddress.ToString().TrimEnd('/'));
        info["spec"]!["cluster"]!["certificate-authority-data"]!.GetValue<string>().Should().NotBeEmpty();
        lines[4].Should().Be("stdin-closed");
    }

    [Fact]
    public async Task GetAsync_RelativeCommand_ResolvesAgainstKubeconfigFolder()
    {
        _plugin.WritePrinting("bin/plugin.sh", ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, _sandbox.Cluster.Token));
        using var client = Client("./bin/plugin.sh");

        await client.GetAsync(TestDeployments.Named("web"), Ct);

        _plugin.Calls.Should().Be(1);
    }

    [Fact]
    public async Task GetAsync_MissingPlugin_NamesPluginAndInstallHint()
    {
        using var client = Client("mcpgate-no-such-plugin", extra: "      installHint: Install it with 'brew install no-such-plugin'\n");

        var act = () => client.GetAsync(TestDeployments.Named("web"), Ct);

        (await act.Should().ThrowAsync<KubeAuthenticationException>())
            .WithMessage("exec plugin 'mcpgate-no-such-plugin' (kubeconfig *users[0].user.exec) was not found on PATH. Install it with 'brew install no-such-plugin'");
    }

    [Fact]
    public async Task Port_MissingPlugin_TranslatesToUnauthorizedClusterError()
    {
        var endpoint = _plugin.Endpoint(_sandbox.Cluster.SecureBaseAddress, _sandbox.Cluster.CertificateAuthorityPem, "mcpgate-no-such-plugin");
        using var port = KubernetesClusterPort.FromEndpoint(endpoint);

        var act = () => port.GetAsync(TestDeployments.Named("web"), Ct);

        var error = (await act.Should().ThrowAsync<McpGate.Core.Cluster.ClusterException>()).Which;
        error.Kind.Should().Be(McpGate.Core.Cluster.ClusterErrorKind.Unauthorized);
        error.Message.Should().Contain("no credential could be obtained").And.Contain("mcpgate-no-such-plugin");
    }

    [Fact]
    public async Task GetAsync_PluginFails_IncludesTrimmedStderrButNotStdout()
    {
        var script = _plugin.WriteScript("plugin.sh", "echo 'secret-on-stdout'\necho '  error: SSO session expired, run aws sso login  ' >&2\nexit 3");
        using var client = Client(script);

        var act = () => client.GetAsync(TestDeployments.Named("web"), Ct);

        var error = (await act.Should().ThrowAsync<KubeAuthenticationException>()).Which;
        error.Message.Should().Contain("exec plugin '").And.Contain("exited with code 3 (stderr: error: SSO session expired, run aws sso login)");
        error.Message.Should().NotContain("secret-on-stdout");
    }

    [Theory]
    [InlineData("not json at all", "printed output that is not JSON")]
    [InlineData("{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"Pod\",\"status\":{\"token\":\"x\"}}", "printed kind 'Pod'; expected ExecCredential")]
    [InlineData("{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"x\"}}", "printed apiVersion 'client.authentication.k8s.io/v1beta1' but the kubeconfig asks for 'client.authentication.k8s.io/v1'")]
    [InlineData("{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{}}", "neither status.token nor both status.clientCertificateData and status.clientKeyData")]
    [InlineData("{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"x\",\"expirationTimestamp\":\"tomorrow\"}}", "status.expirationTimestamp 'tomorrow'")]
    public async Task GetAsync_BadPluginOutput_NamesTheProblem(string output, string expected)
    {
        var script = _plugin.WritePrinting("plugin.sh", output);
        using var client = Client(script);

        var act = () => client.GetAsync(TestDeployments.Named("web"), Ct);

        (await act.Should().ThrowAsync<KubeAuthenticationException>()).Which.Message.Should().Contain(expected).And.Contain("plugin.sh");
    }

    [Fact]
    public async Task GetAsync_PluginHangs_StoppedAfterTimeout()
    {
        var script = _plugin.WriteScript("plugin.sh", "sleep 30");
        using var client = Client(script, options: new KubeApiClientOptions { ExecTimeout = TimeSpan.FromMilliseconds(500) });

        var act = () => client.GetAsync(TestDeployments.Named("web"), Ct);

        (await act.Should().ThrowAsync<KubeAuthenticationException>()).WithMessage("*did not finish within 0.5 s*");
    }

    private KubeApiClient Client(string command, string apiVersion = KubeExecConfig.ApiVersionV1, string extra = "", KubeApiClientOptions? options = null) =>
        new(_plugin.Endpoint(_sandbox.Cluster.SecureBaseAddress, _sandbox.Cluster.CertificateAuthorityPem, command, apiVersion, extra), options);
}
