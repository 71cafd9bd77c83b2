using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Testing.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

/// <summary>When the gate signs: after a change reaches a final state, and at least every minute while entries arrive.</summary>
public sealed class LedgerCheckpointerTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(LedgerTestDirectory.Start);
    private readonly Ed25519PrivateKey _gateKey = Ed25519PrivateKey.Generate();
    private readonly ChangeLedger _ledger;
    private readonly LedgerCheckpointer _checkpointer;

    public LedgerCheckpointerTests()
    {
        _ledger = ChangeLedger.Open(_directory.DatabasePath, _clock);
        _checkpointer = new LedgerCheckpointer(_ledger, _gateKey, _clock);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _gateKey.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task RunOnceAsync_EmptyLedger_SignsNothing()
    {
        (await _checkpointer.RunOnceAsync()).Should().BeNull();
        _directory.Scalar("SELECT count(*) FROM checkpoints;").Should().Be(0L);
    }

    [Fact]
    public async Task RunOnceAsync_FirstEntries_SignAtOnce_EvenWithoutAFinalState()
    {
        await LedgerHistory.WritePendingChangeAsync(_ledger, "chg-1");

        (await _checkpointer.RunOnceAsync())!.Checkpoint.TreeSize.Should().Be(3);
    }

    [Fact]
    public async Task RunOnceAsync_EntriesWithoutAFinalState_WaitUntilTheLatestCheckpointIsAMinuteOld()
    {
        await LedgerHistory.WritePendingChangeAsync(_ledger, "chg-1");
        await _checkpointer.RunOnceAsync();
        await LedgerHistory.WritePendingChangeAsync(_ledger, "chg-2");

        _clock.Advance(TimeSpan.FromSeconds(59.999));
        (await _checkpointer.RunOnceAsync()).Should().BeNull("the latest checkpoint is not a minute old and no change ended");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var signed = await _checkpointer.RunOnceAsync();

        signed!.Id.Should().Be(2);
        signed.Checkpoint.TreeSize.Should().Be(6);
        signed.SignedAt.Should().Be(LedgerTestDirectory.Start + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task RunOnceAsync_EvenIfNotDue_SignsWhatNoCheckpointCovers_AndNothingWhenAllIsCovered()
    {
        await LedgerHistory.WritePendingChangeAsync(_ledger, "chg-1");
        await _checkpointer.RunOnceAsync();
        await LedgerHistory.WritePendingChangeAsync(_ledger, "chg-2");

        (await _checkpointer.RunOnceAsync()).Should().BeNull("not due yet");
        (await _checkpointer.RunOnceAsync(evenIfNotDue: true))!.Checkpoint.TreeSize.Should().Be(6);
        (await _checkpointer.RunOnceAsync(evenIfNotDue: true)).Should().BeNull();
    }

    [Fact]
    public async Task RunOnceAsync_AChangeReachedAFinalState_SignsAtOnce()
    {
        await LedgerHistory.WritePendingChangeAsync(_ledger, "chg-1");
        await _checkpointer.RunOnceAsync();
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1, "f");

        _clock.Advance(TimeSpan.FromSeconds(1));
        var signed = await _checkpointer.RunOnceAsync();

        signed!.Checkpoint.TreeSize.Should().Be(7);
        (await _checkpointer.RunOnceAsync()).Should().BeNull("nothing arrived since");
    }

    [Fact]
    public async Task RunOnceAsync_LedgerTruncatedUnderTheRunningGate_Throws_AndSignsNothing()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 2);
        await _checkpointer.RunOnceAsync();
        _directory.Execute("DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq > 2;");

        var act = () => _checkpointer.RunOnceAsync();

        await act.Should().ThrowAsync<LedgerCheckpointException>().WithMessage("*stored checkpoint #1: the ledger has 2 entries, but the checkpoint covers 8: entries 3 to 8 were removed*");
        _directory.Scalar("SELECT count(*) FROM checkpoints;").Should().Be(1L);
    }
}
