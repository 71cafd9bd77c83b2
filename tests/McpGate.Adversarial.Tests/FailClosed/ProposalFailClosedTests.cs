using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;

namespace McpGate.Adversarial.Tests.FailClosed;

/// <summary>
/// An agent proposes a change through a running gate whose ledger has just broken: the disk is
/// full, another process holds the write lock past the busy timeout, or the file is damaged. The
/// tool result names the condition and the ledger file, nothing reaches the cluster, the ledger holds
/// no trace of the proposal, and once the storage is back the same call works.
/// (A read-only file system cannot be made so under a running server here: the remount is refused
/// while the ledger is open for writing; <see cref="StartupFailClosedTests"/> covers it at start.)
/// </summary>
public sealed class ProposalFailClosedTests
{
    public static TheoryData<LedgerStorageCondition> WithoutMount => [LedgerStorageCondition.Locked, LedgerStorageCondition.Corrupt];

    [Theory]
    [MemberData(nameof(WithoutMount))]
    public Task Propose_LedgerBroken_RefusedNamingFileAndCondition_NothingWritten(LedgerStorageCondition condition) =>
        ProposeOnBrokenLedgerAsync(condition);

    [TmpfsFact]
    public Task Propose_DiskFull_RefusedNamingFileAndCondition_NothingWritten() =>
        ProposeOnBrokenLedgerAsync(LedgerStorageCondition.Full);

    private static async Task ProposeOnBrokenLedgerAsync(LedgerStorageCondition condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        await using var gate = await FailClosedGate.StartAsync(condition, policyTail: null, ct);
        var server = await gate.ServeAsync(ct);
        var first = await McpGate.Adversarial.Tests.ExecutorClaims.SharedClusterGate.ProposeAsync(server, FailClosedGate.Deployment, 2, ct);
        var before = await gate.ObserveAsync(ct);

        gate.Broken.Break(gate.Gate.LedgerPath);
        var refused = await FailClosedGate.ScaleAsync(server, 3, ct);

        refused.IsError.Should().BeTrue(McpGateClient.TextOf(refused));
        gate.ShouldNameTheFault(McpGateClient.TextOf(refused));
        (await gate.ObserveAsync(ct)).Should().Be(before, "nothing reaches the cluster");
        if (gate.Broken.ReadableWhileBroken)
        {
            (await gate.ReadLedgerAsync(ct)).Keys.Should().Equal([first], "the refused proposal left no change in the ledger");
        }

        if (!gate.Broken.Repair())
        {
            return;
        }

        (await gate.ReadLedgerAsync(ct)).Keys.Should().Equal([first]);
        var again = await FailClosedGate.ScaleAsync(server, 3, ct);
        again.IsError.Should().NotBe(true, McpGateClient.TextOf(again));
        (await gate.ReadLedgerAsync(ct)).Should().HaveCount(2).And.OnlyContain(c => c.Value.Executing == 0 && c.Value.Executed == 0);
        (await gate.ObserveAsync(ct)).Should().Be(before);
    }
}
