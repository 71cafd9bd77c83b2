using System.Diagnostics;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Authentication;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Sandbox;

namespace McpGate.Kubernetes.Tests.Authentication;

/// <summary>Plugins that misbehave as processes: background children holding the output pipes, hangs with children.</summary>
public sealed class ExecPluginProcessTests : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxFixture _sandbox;
    private readonly ExecPluginScript _plugin = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public ExecPluginProcessTests(SandboxFixture sandbox) => _sandbox = sandbox;

    public void Dispose()
    {
        _plugin.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task GetAsync_PluginLeavesChildHoldingStdout_DoesNotWaitForTheChild()
    {
        var json = ExecPluginScript.Credential(KubeExecConfig.ApiVersionV1, _sandbox.Cluster.Token);
        var script = _plugin.WriteScript("plugin.sh", $"sleep 40 &\ncat <<'JSON'\n{json}\nJSON");
        using var client = Client(script, TimeSpan.FromSeconds(20));
        var started = Stopwatch.GetTimestamp();

        var web = await client.GetAsync(TestDeployments.Named("web"), _timeout.Token);

        web["kind"]!.GetValue<string>().Should().Be("Deployment");
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(10), "the plugin exited; its child is not waited for");
    }

    [Fact]
    public async Task GetAsync_PluginAndChildHang_StopsBothAtTheDeadline()
    {
        var pidFile = Path.Combine(_plugin.Directory, "child.pid");
        var script = _plugin.WriteScript("plugin.sh", $"sleep 40 &\necho $! > '{pidFile}'\nwait");
        using var client = Client(script, TimeSpan.FromSeconds(1));
        var started = Stopwatch.GetTimestamp();

        var act = () => client.GetAsync(TestDeployments.Named("web"), _timeout.Token);

        (await act.Should().ThrowAsync<KubeAuthenticationException>()).WithMessage("*did not finish within 1 s*");
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(10));
        var child = int.Parse(await File.ReadAllTextAsync(pidFile, _timeout.Token), System.Globalization.CultureInfo.InvariantCulture);
        await WaitUntilGoneAsync(child);
    }

    private async Task WaitUntilGoneAsync(int pid)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (IsRunning(pid))
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    private static bool IsRunning(int pid)
    {
        // A killed child may linger as a zombie until it is reaped; that counts as stopped.
        var status = $"/proc/{pid}/status";
        return File.Exists(status) && !File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal);
    }

    private KubeApiClient Client(string command, TimeSpan execTimeout) =>
        new(
            _plugin.Endpoint(_sandbox.Cluster.SecureBaseAddress, _sandbox.Cluster.CertificateAuthorityPem, command),
            new KubeApiClientOptions { ExecTimeout = execTimeout, Timeout = TimeSpan.FromSeconds(30) });
}
