using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Testing.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

public sealed class ChangeLedgerCheckpointTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(LedgerTestDirectory.Start);
    private readonly Ed25519PrivateKey _gateKey = Ed25519PrivateKey.Generate();
    private readonly ChangeLedger _ledger;

    public ChangeLedgerCheckpointTests() => _ledger = ChangeLedger.Open(_directory.DatabasePath, _clock);

    public void Dispose()
    {
        _ledger.Dispose();
        _gateKey.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task SignCheckpointAsync_NewEntries_StoresNoteOfTheRootOfTheEntryHashLeaves_AndAppendsItToTheLog()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 2);
        var leaves = (await _ledger.ReadEntriesAsync()).Select(e => MerkleTree.LeafHash(e.EntryHash.ToBytes())).ToList();

        var stored = await _ledger.SignCheckpointAsync(_gateKey);

        stored.Should().NotBeNull();
        stored!.Id.Should().Be(1);
        stored.SignedAt.Should().Be(LedgerTestDirectory.Start);
        stored.Checkpoint.TreeSize.Should().Be(8);
        stored.Checkpoint.RootHash.Should().Equal(MerkleTree.RootHash(leaves));
        CheckpointNote.Verify(stored.Checkpoint, _gateKey.PublicKey).Should().BeNull();
        (await _ledger.ReadCheckpointsAsync()).Should().ContainSingle().Which.Should().BeEquivalentTo(stored);
        File.ReadAllText(_ledger.CheckpointLogPath).Should().Be(stored.Checkpoint.Note + "\n");
        _directory.Scalar("SELECT root_hash FROM checkpoints WHERE id = 1;").Should().Be(stored.Checkpoint.RootBase64);
    }

    [Fact]
    public async Task SignCheckpointAsync_NothingNew_SignsNothing_AndLaterCheckpointsChainInTheLog()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1);
        var first = await _ledger.SignCheckpointAsync(_gateKey);

        (await _ledger.SignCheckpointAsync(_gateKey)).Should().BeNull();
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1, "b");
        var second = await _ledger.SignCheckpointAsync(_gateKey);

        second!.Id.Should().Be(2);
        second.Checkpoint.TreeSize.Should().Be(8);
        CheckpointLog.Read(_ledger.CheckpointLogPath).Select(c => c.Checkpoint.Note).Should().Equal(first!.Checkpoint.Note, second.Checkpoint.Note);
        (await _ledger.VerifyCheckpointsAsync(_gateKey.PublicKey, CheckpointLog.Read(_ledger.CheckpointLogPath))).Should().BeEquivalentTo(new
        {
            Succeeded = true,
            CheckpointsChecked = 2,
            TreeSize = 8L,
            LargestCheckpointSize = 8L,
        });
    }

    [Fact]
    public async Task SignCheckpointAsync_LedgerTruncatedBelowTheLatestCheckpoint_RefusesAndStoresNothing()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 2);
        await _ledger.SignCheckpointAsync(_gateKey);
        _directory.Execute("DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq > 5;");
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1, "c");

        var act = () => _ledger.SignCheckpointAsync(_gateKey);

        await act.Should().ThrowAsync<LedgerCheckpointException>().WithMessage("*not an extension of stored checkpoint #1*consistency proof from its tree size 8 to the ledger's 9 entries does not verify*");
        _directory.Scalar("SELECT count(*) FROM checkpoints;").Should().Be(1L);
        CheckpointLog.Read(_ledger.CheckpointLogPath).Should().ContainSingle();
    }

    [Fact]
    public async Task SignCheckpointAsync_LatestCheckpointForged_RefusesToSignOverIt()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1);
        using var forger = Ed25519PrivateKey.Generate();
        var forged = CheckpointNote.Create(4, new byte[32], forger);
        _directory.Execute($"INSERT INTO checkpoints VALUES (1, 4, '{forged.RootBase64}', '2026-01-01T00:00:00.000Z', '{forged.Note}');");
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1, "d");

        var act = () => _ledger.SignCheckpointAsync(_gateKey);

        await act.Should().ThrowAsync<LedgerCheckpointException>().WithMessage("stored checkpoint #1 does not verify: its origin*");
    }

    [Fact]
    public async Task VerifyCheckpointsAsync_ChainRewrittenFromEntryFive_NamesTheRangeAfterTheLastCheckpointThatStillMatches()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1);
        await _ledger.SignCheckpointAsync(_gateKey);
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 2, "e");
        await _ledger.SignCheckpointAsync(_gateKey);
        RewriteFrom(5);

        var result = await _ledger.VerifyCheckpointsAsync(_gateKey.PublicKey, []);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Be(
            $"stored checkpoint #2 (tree size 12): the ledger's first 12 entries have the root {RootOf(12)}, not the checkpoint's {(await _ledger.ReadCheckpointsAsync())[1].Checkpoint.RootBase64}: " +
            "entries 1 to 4 still match stored checkpoint #1, so an entry among 5 to 12 was changed, or the chain was rewritten from there");
        (await _ledger.VerifyAsync()).Succeeded.Should().BeTrue("the rewritten chain is consistent in itself");
    }

    [Fact]
    public async Task VerifyCheckpointsAsync_StoredCheckpointDeletedInTheMiddle_IsNamed()
    {
        for (var i = 0; i < 3; i++)
        {
            await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1, $"m{i}");
            await _ledger.SignCheckpointAsync(_gateKey);
        }

        _directory.Execute("DROP TRIGGER checkpoints_no_delete; DELETE FROM checkpoints WHERE id = 2;");

        (await _ledger.VerifyCheckpointsAsync(_gateKey.PublicKey, [])).Failure.Should().Be("stored checkpoint #2 is missing (the next one is #3): checkpoints were deleted");
    }

    [Fact]
    public async Task ProveInclusionAsync_EveryEntry_VerifiesOffline()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 3);
        await _ledger.SignCheckpointAsync(_gateKey);

        for (var seq = 1; seq <= 12; seq++)
        {
            var proof = await _ledger.ProveInclusionAsync(seq);

            proof.Entry.Sequence.Should().Be(seq);
            proof.TreeSize.Should().Be(12);
            EntryInclusionProof.Verify(proof.ToJson(), _gateKey.PublicKey).Should().BeNull("entry {0}", seq);
        }
    }

    [Fact]
    public async Task ProveInclusionAsync_EntryNewerThanTheLatestCheckpoint_SaysNoCheckpointCoversItYet()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1);
        await _ledger.SignCheckpointAsync(_gateKey);
        await LedgerHistory.WritePendingChangeAsync(_ledger, "chg-new");

        var act = () => _ledger.ProveInclusionAsync(5);
        var missing = () => _ledger.ProveInclusionAsync(8);

        await act.Should().ThrowAsync<LedgerCheckpointException>().WithMessage("entry 5 is in no checkpoint yet: the latest, #1, covers entries 1 to 4*");
        await missing.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("entry 8: the ledger has entries 1 to 7*");
    }

    /// <summary>Rewrites entries from <paramref name="first"/> on with a changed payload and recomputed hashes, as an attacker with the file would.</summary>
    private void RewriteFrom(long first)
    {
        _directory.Execute("DROP TRIGGER ledger_no_update;");
        var entries = _ledger.ReadEntriesAsync().GetAwaiter().GetResult();
        var previous = entries.First(e => e.Sequence == first).PreviousHash;
        foreach (var entry in entries.Where(e => e.Sequence >= first))
        {
            var payload = entry.Sequence == first ? """{"by":"mallory"}""" : entry.PayloadJson;
            var time = LedgerTime.ToText(entry.Time);
            var hash = LedgerEntryHash.Compute(entry.Sequence, entry.ChangeId, entry.EventType, payload, time, previous);
            _directory.Execute($"UPDATE ledger SET payload = '{payload}', prev_hash = '{previous}', entry_hash = '{hash}' WHERE seq = {entry.Sequence};");
            previous = hash;
        }
    }

    private string RootOf(int size) =>
        Convert.ToBase64String(MerkleTree.RootHash(_ledger.ReadEntriesAsync().GetAwaiter().GetResult().Take(size).Select(e => MerkleTree.LeafHash(e.EntryHash.ToBytes())).ToList()));
}
