using System.Globalization;
using System.Text.Json;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// A change approved during a freeze window: the agent and the operator see that it waits, why
/// and until when; an approver cancels it from another terminal with the command the agent was
/// given; it never runs. Every command is the real CLI, run from <c>/</c>, as printed.
/// </summary>
public sealed class FreezeCancelTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _temp = new("mcpgate-freeze-");
    private McpClient _agent = null!;
    private DateTimeOffset _freezeStarts;
    private DateTimeOffset _freezeEnds;

    private string DataDir => _temp.Combine("data");

    private string AliceKey => _temp.Combine("alice.pem");

    private string BobKey => _temp.Combine("bob.pem");

    public async Task InitializeAsync()
    {
        var alice = await GateFixture.GenerateKeyAsync("alice", AliceKey);
        var bob = await GateFixture.GenerateKeyAsync("bob", BobKey);
        // The window starts after the change is proposed (a proposal during a freeze is denied at
        // once) and before it is approved: the approved change is then held.
        var now = DateTimeOffset.UtcNow;
        var second = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        _freezeStarts = second.AddSeconds(30);
        _freezeEnds = second.AddMinutes(30);
        _temp.CopyPolicies(
            ("approvers.yaml", $"approvers:\n{alice}\n{bob}\n"),
            ("freeze.yaml", $"freezeWindows:\n  - {{ name: launch, from: '{_freezeStarts:yyyy-MM-ddTHH:mm:ssZ}', to: '{_freezeEnds:yyyy-MM-ddTHH:mm:ssZ}', namespaces: [demo] }}\n"));
        _agent = await McpGateClient.StartAsync(["--sandbox", "--data-dir", DataDir, "--policies", _temp.Combine("policies"), "--agent", GateFixture.Agent, "--log-level", "Warning"]);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task ApprovedDuringAFreeze_Waits_VisiblyEverywhere_AndACancelFromAnotherTerminalStopsIt()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var proposal = await _agent.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 6, ["reason"] = "launch traffic" }, cancellationToken: timeout.Token);
        var changeId = proposal.GetProperty("changeId").GetString()!;
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", "proposed before the window starts: " + proposal);
        var untilFrozen = _freezeStarts - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (untilFrozen > TimeSpan.Zero)
        {
            await Task.Delay(untilFrozen, timeout.Token); // A wall-clock time the gate's own clock must pass, not a guess.
        }

        // The operator runs the approve command the agent was given, word for word.
        var approve = await HintAsync(proposal.GetProperty("approveCommand").GetString()!, AliceKey);
        approve.ExitCode.Should().Be(0, approve.ToString());

        var waiting = await _agent.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 60 }, cancellationToken: timeout.Token);
        waiting.GetProperty("status").GetString().Should().Be("waiting", "get_change stops waiting once a freeze holds the change: " + waiting);
        var wait = waiting.GetProperty("waiting");
        wait.GetProperty("rule").GetString().Should().Be("freeze:launch");
        DateTimeOffset.Parse(wait.GetProperty("until").GetString()!, CultureInfo.InvariantCulture).Should().Be(_freezeEnds);
        wait.GetProperty("reason").GetString().Should().StartWith("waiting for freeze:launch to end at ").And.Contain("it may run then");
        waiting.GetProperty("next").GetString().Should().StartWith("Approved, but held: waiting for freeze:launch");

        var show = await CliFromRootAsync(["approvals", "show", changeId, "--data-dir", DataDir]);
        show.ExitCode.Should().Be(0, show.ToString());
        show.StandardOutput.Should().Contain("waiting").And.Contain("approved, not run yet: waiting for freeze:launch to end at");

        // Bob, another approver, cancels it with the command the agent now shows.
        var cancel = await HintAsync(waiting.GetProperty("cancelCommand").GetString()!.Replace("TEXT", "'launch postponed'", StringComparison.Ordinal), BobKey);
        cancel.ExitCode.Should().Be(0, cancel.ToString());
        cancel.StandardOutput.Should().StartWith($"Cancelled {changeId}");

        var cancelled = await _agent.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        cancelled.GetProperty("status").GetString().Should().Be("cancelled");
        cancelled.GetProperty("cancelledBy").GetProperty("identity").GetString().Should().Be("bob");
        cancelled.GetProperty("cancelledBy").GetProperty("reason").GetString().Should().Be("launch postponed");
        cancelled.GetProperty("outcome").GetString().Should().Be("cancelled by bob before execution: launch postponed; nothing was changed");

        var again = await CliFromRootAsync(["approvals", "cancel", changeId, "--key", AliceKey, "--reason", "twice", "--data-dir", DataDir]);
        again.ExitCode.Should().Be(2, again.ToString());
        again.StandardError.Should().Contain($"change {changeId} was already cancelled");

        var ledger = await CliFromRootAsync(["ledger", "verify", "--data-dir", DataDir]);
        ledger.ExitCode.Should().Be(0, ledger.ToString());
        var web = await _agent.CallOkAsync("resources_get", new() { ["kind"] = "deployments", ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: timeout.Token);
        web.GetRawText().Should().Contain("\"replicas\":2", "the cancelled change never wrote");
    }

    [Fact]
    public async Task Cancel_WithTheGatesOwnKey_OrAnUnknownChange_IsRefusedClearly()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var proposal = await _agent.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "api", ["replicas"] = 1, ["reason"] = "cancel refusals" }, cancellationToken: timeout.Token);
        var changeId = proposal.GetProperty("changeId").GetString()!;
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", "proposed before the window starts: " + proposal);

        var gateKey = await CliFromRootAsync(["approvals", "cancel", changeId, "--key", Path.Combine(DataDir, "gate-key.pem"), "--reason", "x", "--data-dir", DataDir]);
        var unknown = await CliFromRootAsync(["approvals", "cancel", "chg-aaaaaaaaaaaa", "--key", AliceKey, "--reason", "x", "--data-dir", DataDir]);
        var noReason = await CliFromRootAsync(["approvals", "cancel", changeId, "--key", AliceKey, "--data-dir", DataDir]);

        gateKey.ExitCode.Should().Be(2, gateKey.ToString());
        gateKey.StandardError.Should().Contain("is the gate's own key");
        unknown.ExitCode.Should().Be(2, unknown.ToString());
        unknown.StandardError.Should().Contain("no change chg-aaaaaaaaaaaa in this ledger");
        noReason.ExitCode.Should().Be(2, noReason.ToString());
        noReason.StandardError.Should().Contain("--reason");
        var still = await _agent.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        still.GetProperty("status").GetString().Should().Be("pending_approval");
    }

    /// <summary>Runs a command the agent was given, as printed, in a shell started in <c>/</c>; only the key file and the binary are filled in.</summary>
    private static Task<ProcessResult> HintAsync(string command, string keyFile)
    {
        command.Should().StartWith("mcpgate ");
        var literal = $"{McpGateCli.DotNet} {McpGateCli.AssemblyPath} {command["mcpgate ".Length..].Replace("KEYFILE", keyFile, StringComparison.Ordinal)}";
        return ProcessRunner.RunAsync("bash", ["-c", literal], TimeSpan.FromSeconds(90), null, workingDirectory: "/");
    }

    private static Task<ProcessResult> CliFromRootAsync(string[] arguments) =>
        ProcessRunner.RunAsync(McpGateCli.DotNet, [McpGateCli.AssemblyPath, .. arguments], TimeSpan.FromSeconds(90), null, workingDirectory: "/");
}
