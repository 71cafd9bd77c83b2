namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>
    /// The inclusion proof of entry <paramref name="sequence"/> in the latest stored checkpoint,
    /// computed from one snapshot. Throws <see cref="ArgumentOutOfRangeException"/> when there is no
    /// such entry and <see cref="LedgerCheckpointException"/> when no checkpoint covers it yet or the
    /// ledger no longer has the checkpoint's root.
    /// </summary>
    public async Task<EntryInclusionProof> ProveInclusionAsync(long sequence, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = connection.BeginTransaction(deferred: true);
        var latest = await ReadLatestCheckpointAsync(connection, cancellationToken).ConfigureAwait(false);
        var leaves = await ReadLeafHashesAsync(connection, cancellationToken).ConfigureAwait(false);
        if (sequence < 1 || sequence > leaves.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence,
                leaves.Count == 0 ? $"entry {sequence}: the ledger has no entries" : $"entry {sequence}: the ledger has entries 1 to {leaves.Count}");
        }

        if (latest is null || latest.Checkpoint.TreeSize < sequence)
        {
            throw new LedgerCheckpointException(latest is null
                ? $"entry {sequence} is in no checkpoint yet: none has been signed (the serving gate signs one after a change ends, and at least every minute while entries arrive)"
                : $"entry {sequence} is in no checkpoint yet: the latest, #{latest.Id}, covers entries 1 to {latest.Checkpoint.TreeSize} (the serving gate signs the next after a change ends, and at least every minute while entries arrive)");
        }

        var size = (int)latest.Checkpoint.TreeSize;
        var tree = leaves.GetRange(0, size);
        if (!MerkleTree.RootHash(tree).AsSpan().SequenceEqual([.. latest.Checkpoint.RootHash]))
        {
            throw new LedgerCheckpointException($"the ledger's first {size} entries no longer have the root of stored checkpoint #{latest.Id}: run 'mcpgate ledger verify'");
        }

        LedgerEntry entry;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {EntryColumns} FROM ledger WHERE seq = $seq;";
            command.Parameters.AddWithValue("$seq", sequence);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            entry = ReadEntry(reader);
        }

        return new EntryInclusionProof
        {
            Entry = entry,
            TreeSize = size,
            AuditPath = MerkleTree.InclusionProof(tree, (int)sequence - 1),
            Checkpoint = latest.Checkpoint,
        };
    }
}
