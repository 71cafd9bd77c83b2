using System.Globalization;
using System.Text.Json;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// The gate as a service: one <c>serve --service</c> executes for a data directory, IDE sessions
/// attach with <c>serve --attach</c> over stdio and only propose, and an approved change runs with
/// no IDE open. The cluster is a separate <c>mcpgate sandbox</c> process, as a real one would be.
/// </summary>
public sealed class ServiceAndAttachTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _temp = new("mcpgate-service-");
    private StdioProcess _cluster = null!;

    private string DataDir => _temp.Combine("data");

    private string Kubeconfig => _temp.Combine("cluster.kubeconfig");

    private string AliceKey => _temp.Combine("alice.pem");

    public async Task InitializeAsync()
    {
        var alice = await GateFixture.GenerateKeyAsync("alice", AliceKey);
        _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n"));
        _cluster = StdioProcess.StartMcpGate("sandbox", "--kubeconfig-out", Kubeconfig);
        while (!(await _cluster.ReadLineAsync(TimeSpan.FromSeconds(60))).StartsWith("Press Ctrl+C", StringComparison.Ordinal))
        {
        }
    }

    public async Task DisposeAsync()
    {
        await ProcessRunner.RunAsync("kill", ["-TERM", _cluster.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        await _cluster.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Attach_Proposes_AndTheServiceExecutesAfterTheIdeClosed()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var service = StartService();
        await WaitForServiceAsync(service, timeout.Token);

        string changeId;
        await using (var ide = await AttachAsync(timeout.Token))
        {
            var proposal = await ide.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 4, ["reason"] = "service test" }, cancellationToken: timeout.Token);
            proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
            proposal.TryGetProperty("executor", out _).Should().BeFalse("a service executes for this data directory");
            changeId = proposal.GetProperty("changeId").GetString()!;
        }

        // The IDE is gone; the approver follows the hint from another directory.
        var approve = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", AliceKey, "--data-dir", DataDir]);
        approve.ExitCode.Should().Be(0, approve.ToString());

        await using (var next = await AttachAsync(timeout.Token))
        {
            var final = await next.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
            final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        }

        (await ReplicasAsync("web")).Should().Be(4);
        service.StandardError.Should().Contain("This process now executes approved changes").And.Contain(changeId);

        await ProcessRunner.RunAsync("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        (await service.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().Be(0, "SIGTERM stops the service cleanly");

        // The service signed checkpoints as it ran and a last one as it stopped: the latest covers every entry.
        service.StandardError.Should().Contain("Signed checkpoint #1 of the ledger");
        var verify = await McpGateCli.RunFromRootAsync(["ledger", "verify", "--data-dir", DataDir, "--json"]);
        verify.ExitCode.Should().Be(0, verify.ToString());
        using var report = JsonDocument.Parse(verify.StandardOutput);
        report.RootElement.GetProperty("latestCheckpointSize").GetInt64().Should().Be(report.RootElement.GetProperty("entriesChecked").GetInt64(), verify.StandardOutput);
    }

    [Fact]
    public async Task Attach_WithoutAService_ExecutesNothing_AndSaysSo_UntilOneStarts()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        string changeId;
        await using (var ide = await AttachAsync(timeout.Token, policies: true))
        {
            var proposal = await ide.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "api", ["replicas"] = 5, ["reason"] = "no service yet" }, cancellationToken: timeout.Token);
            changeId = proposal.GetProperty("changeId").GetString()!;
            proposal.GetProperty("executor").GetString().Should().StartWith("No gate executes changes for this data directory right now");

            var approve = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", AliceKey, "--data-dir", DataDir]);
            approve.ExitCode.Should().Be(0, approve.ToString());
            approve.StandardOutput.Should().Contain("No gate has taken it up yet");

            var still = await ide.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
            still.GetProperty("status").GetString().Should().Be("pending_approval", "an attached gate never settles or executes");
            (await ReplicasAsync("api")).Should().Be(3);

            await using var service = StartService();
            var final = await ide.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
            final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
            await ProcessRunner.RunAsync("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        (await ReplicasAsync("api")).Should().Be(5);
    }

    /// <summary>
    /// A plain <c>serve</c> over stdio (no generic host) stops on SIGTERM or SIGINT as the service does:
    /// exit 0, and the last checkpoint signed as it stops covers every entry, the proposal included.
    /// </summary>
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Serve_OverStdio_Signalled_StopsCleanly_WithALastCheckpoint(string signal)
    {
        await using var serve = StdioProcess.StartMcpGate("serve", "--kubeconfig", Kubeconfig, "--data-dir", DataDir, "--policies", _temp.Combine("policies"), "--agent", GateFixture.Agent, "--log-level", "Information");
        await serve.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""");
        (await serve.ReadJsonAsync(TimeSpan.FromSeconds(60))).GetProperty("id").GetInt32().Should().Be(1);
        await serve.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await serve.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"scale_deployment","arguments":{"namespace":"demo","name":"api","replicas":4,"reason":"signal test"}}}""");
        var proposal = await serve.ReadJsonAsync(TimeSpan.FromSeconds(60));
        proposal.GetProperty("result").TryGetProperty("structuredContent", out _).Should().BeTrue(proposal.ToString());
        proposal.GetProperty("result").GetProperty("structuredContent").GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());

        await ProcessRunner.RunAsync("kill", [$"-{signal}", serve.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));

        (await serve.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().Be(0, "SIG{0} stops the server cleanly: {1}", signal, serve.StandardError);
        serve.StandardError.Should().Contain("Signed checkpoint #1 of the ledger");
        var verify = await McpGateCli.RunFromRootAsync(["ledger", "verify", "--data-dir", DataDir, "--json"]);
        verify.ExitCode.Should().Be(0, verify.ToString());
        using var report = JsonDocument.Parse(verify.StandardOutput);
        report.RootElement.GetProperty("latestCheckpointSize").GetInt64().Should().Be(report.RootElement.GetProperty("entriesChecked").GetInt64(), verify.StandardOutput);
    }

    [Theory]
    [InlineData(new[] { "--service", "--attach" }, "--service and --attach exclude each other")]
    [InlineData(new[] { "--attach", "--sandbox" }, "--attach needs the cluster the service gates")]
    public async Task Serve_ConflictingModes_ExitTwoNamingThem(string[] flags, string expected)
    {
        var run = await McpGateCli.RunAsync(["serve", .. flags, "--data-dir", DataDir, .. flags.Contains("--sandbox") ? Array.Empty<string>() : ["--kubeconfig", Kubeconfig]]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain(expected);
    }

    private StdioProcess StartService() =>
        StdioProcess.StartMcpGate("serve", "--service", "--kubeconfig", Kubeconfig, "--data-dir", DataDir, "--policies", _temp.Combine("policies"), "--log-level", "Information");

    /// <summary>The service has started once it recorded itself in the data directory.</summary>
    private async Task WaitForServiceAsync(StdioProcess service, CancellationToken cancellationToken)
    {
        while (!service.StandardError.Contains("This process now executes approved changes", StringComparison.Ordinal))
        {
            service.HasExited.Should().BeFalse(service.StandardError);
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>An IDE's session; without <paramref name="policies"/> it proposes with the policy the service recorded.</summary>
    private Task<McpClient> AttachAsync(CancellationToken cancellationToken, bool policies = false) =>
        McpGateClient.StartAsync(["--attach", "--kubeconfig", Kubeconfig, "--data-dir", DataDir, "--agent", GateFixture.Agent, "--log-level", "Warning",
            .. policies ? new[] { "--policies", _temp.Combine("policies") } : []], cancellationToken);

    private async Task<long> ReplicasAsync(string name)
    {
        var kubectl = await ProcessRunner.RunAsync("kubectl", ["--kubeconfig", Kubeconfig, "get", "deployment", name, "-n", "demo", "-o", "jsonpath={.spec.replicas}"], TimeSpan.FromSeconds(60));
        kubectl.ExitCode.Should().Be(0, kubectl.ToString());
        return long.Parse(kubectl.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }
}
