using System.Text.Json;
using McpGate.Adversarial.Tests.Gates;
using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.Cancel;

/// <summary>
/// <c>approvals cancel</c> under attack: racing an approval and the executor across processes,
/// many approvers cancelling at once, and change ids spelled to slip past. Real gate, real CLI
/// processes, and the cluster and the ledger checked afterwards.
/// </summary>
public sealed class CancelAttackTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(4);
    private TwoApproverGate _gate = null!;

    private McpClient Agent => _gate.Agent;

    private string DataDir => _gate.DataDir;

    private string AliceKey => _gate.AliceKey;

    private string BobKey => _gate.BobKey;

    public async Task InitializeAsync() => _gate = await TwoApproverGate.StartAsync("mcpgate-adv-cancel-");

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    [Fact]
    public async Task CancelRacingApprovalAndExecution_InSeparateProcesses_EndsExactlyOneWay_SixTimes()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        for (var trial = 0; trial < 6; trial++)
        {
            var (replicas, version) = await ApiAsync(timeout.Token);
            var changeId = await ProposeAsync(replicas + 1, timeout.Token);

            var approve = Cli("approve", changeId, "--key", AliceKey, "--data-dir", DataDir);
            var cancel = Cli("cancel", changeId, "--key", BobKey, "--reason", "race", "--data-dir", DataDir);
            var (approved, cancelled) = (await approve, await cancel);

            var final = await Agent.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
            var events = await EventTypesAsync(changeId);
            var (after, afterVersion) = await ApiAsync(timeout.Token);
            if (cancelled.ExitCode == 0)
            {
                final.GetProperty("status").GetString().Should().Be("cancelled", $"trial {trial}: the cancel was accepted: {final}");
                events.Should().ContainSingle(e => e == "cancelled").And.NotContain("executing");
                after.Should().Be(replicas);
                afterVersion.Should().Be(version, "a cancelled change never writes");
                if (approved.ExitCode != 0)
                {
                    approved.StandardError.Should().MatchRegex("was cancelled|no longer pending approval \\(now cancelled\\)", approved.ToString());
                }
            }
            else
            {
                cancelled.ExitCode.Should().Be(2, cancelled.ToString());
                cancelled.StandardError.Should().MatchRegex("too late to cancel|already ran and ended|was claimed for execution", cancelled.ToString());
                approved.ExitCode.Should().Be(0, approved.ToString());
                final.GetProperty("status").GetString().Should().Be("verified", $"trial {trial}: {final}");
                events.Should().Contain("executing").And.NotContain("cancelled");
                after.Should().Be(replicas + 1);
            }
        }
    }

    [Fact]
    public async Task ManyCancelsAtOnce_RecordExactlyOne()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var (replicas, version) = await ApiAsync(timeout.Token);
        var changeId = await ProposeAsync(replicas + 2, timeout.Token);

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Cli("cancel", changeId, "--key", i % 2 == 0 ? AliceKey : BobKey, "--reason", $"attempt {i}", "--data-dir", DataDir)));

        runs.Count(r => r.ExitCode == 0).Should().Be(1, string.Join("\n", runs.Select(r => r.ToString())));
        runs.Where(r => r.ExitCode != 0).Should().OnlyContain(r => r.ExitCode == 2 && r.StandardError.Contains("was already cancelled", StringComparison.Ordinal));
        (await EventTypesAsync(changeId)).Count(e => e == "cancelled").Should().Be(1);
        var approve = await Cli("approve", changeId, "--key", AliceKey, "--data-dir", DataDir);
        approve.ExitCode.Should().Be(2, "a cancelled change cannot be approved afterwards");
        approve.StandardError.Should().Contain("was cancelled");
        (await ApiAsync(timeout.Token)).Should().Be((replicas, version));
    }

    [Fact]
    public async Task Cancel_IdSpelledAnotherWay_IsRefusedAndTouchesNothing()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var (replicas, _) = await ApiAsync(timeout.Token);
        var changeId = await ProposeAsync(replicas + 3, timeout.Token);
        string[] spellings = [changeId.ToUpperInvariant(), changeId + "\n", " " + changeId, changeId + "%00", changeId.Replace("chg-", "chg_", StringComparison.Ordinal), changeId[..^1]];

        foreach (var spelling in spellings)
        {
            var run = await Cli("cancel", spelling, "--key", AliceKey, "--reason", "spelling", "--data-dir", DataDir);
            run.ExitCode.Should().Be(2, run.ToString());
            run.StandardError.Should().Contain("is not a change id");
        }

        var change = await Agent.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("status").GetString().Should().Be("pending_approval");
        (await EventTypesAsync(changeId)).Should().NotContain("cancelled");
    }

    private async Task<string> ProposeAsync(int replicas, CancellationToken cancellationToken)
    {
        var proposal = await Agent.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "api",
            ["replicas"] = replicas,
            ["reason"] = "adversarial: cancel",
        }, cancellationToken: cancellationToken);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        return proposal.GetProperty("changeId").GetString()!;
    }

    private async Task<(int Replicas, string Version)> ApiAsync(CancellationToken cancellationToken)
    {
        var api = await Agent.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: cancellationToken);
        return (api.GetProperty("replicas").GetInt32(), api.GetProperty("resourceVersion").GetString()!);
    }

    private async Task<IReadOnlyList<string>> EventTypesAsync(string changeId)
    {
        using var ledger = ChangeLedger.Open(Path.Combine(DataDir, "ledger.db"), TimeProvider.System);
        return [.. (await ledger.ReadEntriesAsync(0, changeId)).Select(e => e.EventType)];
    }

    private static Task<ProcessResult> Cli(params string[] arguments) => McpGateCli.RunAsync(["approvals", .. arguments]);
}
