using System.Text.Json;
using McpGate.Adversarial.Tests.Gates;
using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.ConcurrentAppenders;

/// <summary>
/// Several processes append to one ledger at the same moment: the serving gate (its engine and
/// its checkpoint worker), approvers' CLI processes approving, rejecting and cancelling, and CLI
/// processes signing checkpoints. The ledger has no gap and no fork afterwards, every decision is
/// recorded once, and both ledger verify and the independent verifier pass.
/// </summary>
public sealed class CrossProcessAppendTests : IAsyncLifetime
{
    private const int Changes = 8;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(4);
    private TwoApproverGate _gate = null!;

    private string DataDir => _gate.DataDir;

    public async Task InitializeAsync() => _gate = await TwoApproverGate.StartAsync("mcpgate-adv-appenders-");

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    [Fact]
    public async Task ManyProcessesAppendingAtOnce_LeaveOneChainWithNoGapAndNoFork()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var ids = new List<string>();
        for (var i = 0; i < Changes; i++)
        {
            // Every proposal asks for a different count, so none is a no-op; none will run (rejected or cancelled).
            var proposal = await _gate.Agent.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "api", ["replicas"] = 10 + i, ["reason"] = $"appender {i}" }, cancellationToken: timeout.Token);
            proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
            ids.Add(proposal.GetProperty("changeId").GetString()!);
        }

        // Per change, alice rejects and bob cancels at once, in separate processes; and four
        // processes sign checkpoints meanwhile (each asks for a proof of the newest entry it sees).
        var runs = ids.SelectMany(id => new[]
        {
            McpGateCli.RunAsync(["approvals", "deny", id, "--key", _gate.AliceKey, "--reason", "appender", "--data-dir", DataDir]),
            McpGateCli.RunAsync(["approvals", "cancel", id, "--key", _gate.BobKey, "--reason", "appender", "--data-dir", DataDir]),
        }).Concat(Enumerable.Range(0, 4).Select(_ => McpGateCli.RunAsync(["ledger", "prove", "1", "--data-dir", DataDir])));
        var results = await Task.WhenAll(runs);

        results.Where(r => r.ExitCode != 0 && r.ExitCode != 2).Should().BeEmpty("a refusal is exit 2; nothing may crash");
        foreach (var id in ids)
        {
            var final = await _gate.Agent.CallOkAsync("get_change", new() { ["change_id"] = id, ["wait_seconds"] = 60 }, cancellationToken: timeout.Token);
            final.GetProperty("status").GetString().Should().BeOneOf("rejected", "cancelled");
        }

        using var ledger = ChangeLedger.Open(Path.Combine(DataDir, "ledger.db"), TimeProvider.System);
        var entries = await ledger.ReadEntriesAsync(0, null);
        entries.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), "no gap");
        entries.GroupBy(e => e.PreviousHash).Should().OnlyContain(g => g.Count() == 1, "no fork: no two entries follow the same one");
        foreach (var id in ids)
        {
            var own = entries.Where(e => e.ChangeId == id).Select(e => e.EventType).ToList();
            (own.Count(e => e == "rejected") + own.Count(e => e == "cancelled")).Should().Be(1, $"{id} ended exactly once: {string.Join(", ", own)}");
        }

        var verify = await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", DataDir, "--json"]);
        verify.ExitCode.Should().Be(0, verify.ToString());
        using var report = JsonDocument.Parse(verify.StandardOutput);
        report.RootElement.GetProperty("entriesChecked").GetInt64().Should().Be(entries.Count);
        report.RootElement.GetProperty("checkpointsChecked").GetInt64().Should().BeGreaterThan(0);

        var export = _gate.Combine("audit.jsonl");
        (await McpGateCli.RunAsync(["audit", "export", "--data-dir", DataDir, "--out", export])).ExitCode.Should().Be(0);
        var independent = await ProcessRunner.RunAsync("node", [Path.Combine(RepoPaths.Root, "tools", "verify-audit.mjs"), export], TimeSpan.FromSeconds(60));
        independent.ExitCode.Should().Be(0, independent.ToString());
    }
}
