using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// A change held by a freeze window on a gate with an approval API: the <c>cancelCommand</c> the
/// agent is shown names <c>--server URL</c>, and an approver with only a copy of their key file
/// runs it as printed, from <c>/</c> with an empty HOME. The change is cancelled and never runs.
/// </summary>
public sealed class FreezeCancelApiTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _temp = new("mcpgate-freeze-api-");
    private McpClient _agent = null!;
    private DateTimeOffset _freezeStarts;
    private Uri _api = null!;

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
        var freezeEnds = second.AddMinutes(30);
        _temp.CopyPolicies(
            ("approvers.yaml", $"approvers:\n{alice}\n{bob}\n"),
            ("freeze.yaml", $"freezeWindows:\n  - {{ name: launch, from: '{_freezeStarts:yyyy-MM-ddTHH:mm:ssZ}', to: '{freezeEnds:yyyy-MM-ddTHH:mm:ssZ}', namespaces: [demo] }}\n"));
        _agent = await McpGateClient.StartAsync(["--sandbox", "--data-dir", DataDir, "--policies", _temp.Combine("policies"), "--agent", GateFixture.Agent, "--approvals-listen", "127.0.0.1:0", "--log-level", "Warning"]);
        _api = await ApprovalsApiEndToEndTests.Gate.PublishedUrlAsync(DataDir);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task WaitingChange_CancelCommandAsPrinted_CancelsThroughTheApi()
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

        using var laptop = new TempDirectory("mcpgate-laptop-");
        var aliceCopy = laptop.Combine("alice.pem");
        var bobCopy = laptop.Combine("bob.pem");
        File.Copy(AliceKey, aliceCopy);
        File.Copy(BobKey, bobCopy);
        var approve = await HintAsync(laptop, proposal.GetProperty("approveCommand").GetString()!, aliceCopy);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var waiting = await _agent.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 60 }, cancellationToken: timeout.Token);
        waiting.GetProperty("status").GetString().Should().Be("waiting", waiting.ToString());
        var hint = waiting.GetProperty("cancelCommand").GetString()!;

        var cancel = await HintAsync(laptop, hint.Replace("TEXT", "'launch postponed'", StringComparison.Ordinal), bobCopy);

        hint.Should().Be($"mcpgate approvals cancel {changeId} --key KEYFILE --reason TEXT --server {_api.AbsoluteUri}", "the approver needs the API's address, not the gate's data directory");
        cancel.ExitCode.Should().Be(0, cancel.ToString());
        cancel.StandardOutput.Should().StartWith($"Cancelled {changeId}").And.Contain($"as bob through {_api.AbsoluteUri}");
        var cancelled = await _agent.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        cancelled.GetProperty("status").GetString().Should().Be("cancelled");
        cancelled.GetProperty("outcome").GetString().Should().Be("cancelled by bob before execution: launch postponed; nothing was changed");
        Directory.EnumerateFileSystemEntries(laptop.Path).Should().BeEquivalentTo([aliceCopy, bobCopy], "the approver's CLI wrote nothing of its own");
        var ledger = await McpGateCli.RunFromRootAsync(["ledger", "verify", "--data-dir", DataDir]);
        ledger.ExitCode.Should().Be(0, ledger.ToString());
        var web = await _agent.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: timeout.Token);
        web.GetProperty("replicas").GetInt32().Should().Be(2, "the cancelled change never wrote");
    }

    /// <summary>The command as printed, run by bash from <c>/</c> with an empty HOME and no data directory of the gate's.</summary>
    private static Task<ProcessResult> HintAsync(TempDirectory laptop, string command, string keyFile)
    {
        command.Should().StartWith("mcpgate ");
        var literal = $"{McpGateCli.DotNet} {McpGateCli.AssemblyPath} {command["mcpgate ".Length..].Replace("KEYFILE", keyFile, StringComparison.Ordinal)}";
        return ProcessRunner.RunAsync("bash", ["-c", literal], TimeSpan.FromSeconds(90), new Dictionary<string, string?>
        {
            ["HOME"] = laptop.Path,
            ["XDG_DATA_HOME"] = laptop.Combine("xdg"),
            ["MCPGATE_HOME"] = null,
            ["MCPGATE_POLICIES"] = null,
        }, workingDirectory: "/");
    }
}
