using McpGate.Core.Crypto;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>See <see cref="VerifyCheckpointsUnguardedAsync"/>; a storage fault comes out as <see cref="LedgerStorageException"/>.</summary>
    public Task<CheckpointVerification> VerifyCheckpointsAsync(
        Ed25519PublicKey gateKey,
        IReadOnlyList<LabelledCheckpoint> external,
        bool includeStored = true,
        CancellationToken cancellationToken = default) =>
        GuardReadAsync(() => VerifyCheckpointsUnguardedAsync(gateKey, external, includeStored, cancellationToken));

    /// <summary>
    /// Checks the ledger against signed checkpoints: the stored ones (when <paramref name="includeStored"/>)
    /// and <paramref name="external"/> ones (<c>checkpoints.log</c>, a file an auditor kept). Each
    /// must be signed by <paramref name="gateKey"/>; stored ones must not shrink from one to the next;
    /// and the first <c>m</c> entries of the ledger must have each checkpoint's root, which makes the
    /// ledger an extension of every one of them (proven for the largest with an RFC 6962 consistency
    /// proof to the current tree). Reads every entry once, from one snapshot. Names the first
    /// checkpoint that disagrees and, for a changed history, the range of entries that holds the change.
    /// </summary>
    private async Task<CheckpointVerification> VerifyCheckpointsUnguardedAsync(
        Ed25519PublicKey gateKey,
        IReadOnlyList<LabelledCheckpoint> external,
        bool includeStored = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateKey);
        ArgumentNullException.ThrowIfNull(external);
        List<byte[]> leaves;
        var items = new List<LabelledCheckpoint>();
        try
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var snapshot = connection.BeginTransaction(deferred: true);
            if (includeStored)
            {
                var stored = await ReadCheckpointsAsync(connection, cancellationToken).ConfigureAwait(false);
                if (FindShrinking(stored) is { } shrinking)
                {
                    return Failed(0, 0, shrinking);
                }

                items.AddRange(stored.Select(s => new LabelledCheckpoint($"stored checkpoint #{s.Id}", s.Checkpoint)));
            }

            leaves = await ReadLeafHashesAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerCheckpointException ex)
        {
            return Failed(0, 0, ex.Message);
        }

        items.AddRange(external);

        // The table and checkpoints.log hold the same notes: each distinct note is verified once.
        var verified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.Where(i => !verified.Contains(i.Checkpoint.Note)))
        {
            verified.Add(item.Checkpoint.Note);
            if (CheckpointNote.Verify(item.Checkpoint, gateKey) is { } bad)
            {
                return Failed(0, leaves.Count, $"{item.Label} (tree size {item.Checkpoint.TreeSize}): {bad}");
            }
        }

        return CheckRoots(leaves, items);
    }

    private static CheckpointVerification CheckRoots(List<byte[]> leaves, List<LabelledCheckpoint> items)
    {
        var frontier = new MerkleFrontier();
        LabelledCheckpoint? lastGood = null;
        var good = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.OrderBy(i => i.Checkpoint.TreeSize))
        {
            var size = item.Checkpoint.TreeSize;
            if (size > leaves.Count)
            {
                return Failed(good.Count, leaves.Count, $"{item.Label} (tree size {size}): {Truncated(size, leaves.Count)}");
            }

            while (frontier.Size < size)
            {
                frontier.Append(leaves[(int)frontier.Size]);
            }

            var root = frontier.Root();
            if (!root.AsSpan().SequenceEqual([.. item.Checkpoint.RootHash]))
            {
                var from = lastGood is null ? 1 : lastGood.Checkpoint.TreeSize + 1;
                var where = lastGood is null
                    ? $"an entry among 1 to {size} was changed, or the whole chain was rewritten with recomputed hashes"
                    : $"entries 1 to {lastGood.Checkpoint.TreeSize} still match {lastGood.Label}, so an entry among {from} to {size} was changed, or the chain was rewritten from there";
                return Failed(good.Count, leaves.Count,
                    $"{item.Label} (tree size {size}): the ledger's first {size} entries have the root {Convert.ToBase64String(root)}, not the checkpoint's {item.Checkpoint.RootBase64}: {where}");
            }

            // The first checkpoint of each size names the range: the table's before the files'.
            if (lastGood is null || lastGood.Checkpoint.TreeSize < size)
            {
                lastGood = item;
            }

            good.Add(item.Checkpoint.Note);
        }

        while (frontier.Size < leaves.Count)
        {
            frontier.Append(leaves[(int)frontier.Size]);
        }

        if (lastGood is not null && ProveConsistency(leaves, lastGood.Checkpoint, frontier.Root()) is { } inconsistent)
        {
            return Failed(good.Count, leaves.Count, $"{lastGood.Label}: {inconsistent}");
        }

        return new CheckpointVerification
        {
            Succeeded = true,
            CheckpointsChecked = good.Count,
            TreeSize = leaves.Count,
            LargestCheckpointSize = lastGood?.Checkpoint.TreeSize ?? 0,
        };
    }

    private static string? FindShrinking(IReadOnlyList<StoredCheckpoint> stored)
    {
        for (var i = 0; i < stored.Count; i++)
        {
            if (stored[i].Id != i + 1)
            {
                return $"stored checkpoint #{i + 1} is missing (the next one is #{stored[i].Id}): checkpoints were deleted";
            }

            if (i > 0 && stored[i].Checkpoint.TreeSize < stored[i - 1].Checkpoint.TreeSize)
            {
                return $"stored checkpoint #{stored[i].Id} covers {stored[i].Checkpoint.TreeSize} entries, fewer than #{stored[i - 1].Id} ({stored[i - 1].Checkpoint.TreeSize}): a later checkpoint never covers fewer entries";
            }
        }

        return null;
    }

    private static CheckpointVerification Failed(int checkedCount, long treeSize, string failure) =>
        new() { Succeeded = false, CheckpointsChecked = checkedCount, TreeSize = treeSize, Failure = failure };
}
