using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>The file beside the database to which every signed checkpoint is also appended.</summary>
    public const string CheckpointLogFileName = "checkpoints.log";

    private static readonly string s_finalEventTypes = string.Join(", ",
        Enum.GetValues<ChangeState>().Where(s => s.IsFinal()).Select(s => $"'{s.ToWire()}'"));

    /// <summary><c>checkpoints.log</c> in the ledger's folder (the data directory).</summary>
    public string CheckpointLogPath => Path.Combine(Path.GetDirectoryName(DatabasePath)!, CheckpointLogFileName);

    /// <summary>
    /// The leaf of the entry with this <c>entry_hash</c> in the ledger's RFC 6962 tree:
    /// <c>SHA-256(0x00 || the 32 bytes of entry_hash)</c>. Entry <c>seq</c> is leaf <c>seq - 1</c>.
    /// </summary>
    public static byte[] LeafHash(Sha256Digest entryHash) => MerkleTree.LeafHash(entryHash.ToBytes());

    /// <summary>Every stored checkpoint, oldest first; a storage fault comes out as <see cref="LedgerStorageException"/>.</summary>
    public Task<IReadOnlyList<StoredCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken = default) =>
        GuardReadAsync(() => ReadStoredCheckpointsAsync(cancellationToken));

    /// <summary>Every stored checkpoint, oldest first.</summary>
    private async Task<IReadOnlyList<StoredCheckpoint>> ReadStoredCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadCheckpointsAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>See <see cref="ReadCheckpointStatusUnguardedAsync"/>; a storage fault comes out as <see cref="LedgerStorageException"/>.</summary>
    public Task<(long TreeSize, StoredCheckpoint? Latest, bool FinalSinceLatest)> ReadCheckpointStatusAsync(CancellationToken cancellationToken = default) =>
        GuardReadAsync(() => ReadCheckpointStatusUnguardedAsync(cancellationToken));

    /// <summary>
    /// What the checkpointer decides on: the number of entries, the latest checkpoint, and whether
    /// a change reached a final state after it (an entry whose event type is a final state).
    /// </summary>
    private async Task<(long TreeSize, StoredCheckpoint? Latest, bool FinalSinceLatest)> ReadCheckpointStatusUnguardedAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: true);
        var latest = await ReadLatestCheckpointAsync(connection, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT coalesce(max(seq), 0),
                   EXISTS (SELECT 1 FROM ledger WHERE seq > $after AND event_type IN ({s_finalEventTypes}))
            FROM ledger;
            """;
        command.Parameters.AddWithValue("$after", latest?.Checkpoint.TreeSize ?? 0);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), latest, reader.GetInt64(1) == 1);
    }

    /// <summary>See <see cref="SignCheckpointUnguardedAsync"/>; a storage fault comes out as <see cref="LedgerStorageException"/>.</summary>
    /// <exception cref="LedgerCheckpointException">The latest checkpoint does not verify, or the ledger does not extend it.</exception>
    public Task<StoredCheckpoint?> SignCheckpointAsync(Ed25519PrivateKey gateKey, CancellationToken cancellationToken = default) =>
        GuardWriteAsync(() => SignCheckpointUnguardedAsync(gateKey, cancellationToken));

    /// <summary>
    /// Signs a checkpoint of the whole ledger with <paramref name="gateKey"/>, checks it is
    /// consistent with the latest stored one (an RFC 6962 consistency proof, verified), stores it
    /// and appends it to <see cref="CheckpointLogPath"/>. Returns <see langword="null"/> when the
    /// latest checkpoint already covers every entry, or another process stored one meanwhile.
    /// </summary>
    /// <exception cref="LedgerCheckpointException">The latest checkpoint does not verify, or the ledger does not extend it.</exception>
    private async Task<StoredCheckpoint?> SignCheckpointUnguardedAsync(Ed25519PrivateKey gateKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateKey);
        StoredCheckpoint? latest;
        Checkpoint checkpoint;
        using (var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        using (var snapshot = connection.BeginTransaction(deferred: true))
        {
            latest = await ReadLatestCheckpointAsync(connection, cancellationToken).ConfigureAwait(false);
            var leaves = await ReadLeafHashesAsync(connection, cancellationToken).ConfigureAwait(false);
            var root = MerkleTree.RootHash(leaves);
            if (latest is not null)
            {
                if (CheckpointNote.Verify(latest.Checkpoint, gateKey.PublicKey) is { } bad)
                {
                    throw new LedgerCheckpointException($"stored checkpoint #{latest.Id} does not verify: {bad}; no checkpoint was signed over it");
                }

                if (leaves.Count == latest.Checkpoint.TreeSize)
                {
                    return null;
                }

                if (ProveConsistency(leaves, latest.Checkpoint, root) is { } inconsistent)
                {
                    throw new LedgerCheckpointException($"the ledger is not an extension of stored checkpoint #{latest.Id}: {inconsistent}; no checkpoint was signed");
                }
            }

            checkpoint = CheckpointNote.Create(leaves.Count, root, gateKey);
        }

        return await GuardWriteAsync(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            var now = LedgerTime.Now(_timeProvider);
            var current = await ReadLatestCheckpointAsync(connection, cancellationToken).ConfigureAwait(false);
            if (current?.Id != latest?.Id)
            {
                return null;
            }

            var stored = new StoredCheckpoint { Id = (latest?.Id ?? 0) + 1, SignedAt = now, Checkpoint = checkpoint };
            using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO checkpoints (id, tree_size, root_hash, signed_at, note) VALUES ($id, $size, $root, $at, $note);";
                insert.Parameters.AddWithValue("$id", stored.Id);
                insert.Parameters.AddWithValue("$size", checkpoint.TreeSize);
                insert.Parameters.AddWithValue("$root", checkpoint.RootBase64);
                insert.Parameters.AddWithValue("$at", LedgerTime.ToText(now));
                insert.Parameters.AddWithValue("$note", checkpoint.Note);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // Appended while the write lock is held, so the file's order is the table's.
            CheckpointLog.Append(CheckpointLogPath, checkpoint);
            EnsureStillThere();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return stored;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the tree of the first <c>m</c> leaves has the checkpoint's root, through an RFC 6962
    /// consistency proof from <c>m</c> to the whole tree, whose root is <paramref name="root"/>; says what is wrong, or null.
    /// </summary>
    internal static string? ProveConsistency(IReadOnlyList<byte[]> leaves, Checkpoint checkpoint, byte[] root)
    {
        var size = checkpoint.TreeSize;
        if (size > leaves.Count)
        {
            return Truncated(size, leaves.Count);
        }

        if (size == 0)
        {
            return checkpoint.RootHash.SequenceEqual(MerkleTree.EmptyRoot()) ? null : "a checkpoint of 0 entries has the empty tree's root, and this one has not";
        }

        var proof = MerkleTree.ConsistencyProof(leaves, (int)size);
        return MerkleTree.VerifyConsistency(size, leaves.Count, [.. checkpoint.RootHash], root, proof)
            ? null
            : $"the consistency proof from its tree size {size} to the ledger's {leaves.Count} entries does not verify: an entry among 1 to {size} was changed, or the chain was rewritten";
    }

    internal static string Truncated(long checkpointSize, long treeSize) => treeSize == 0
        ? $"the ledger has no entries, but the checkpoint covers {checkpointSize}: all of them were removed"
        : $"the ledger has {treeSize} entries, but the checkpoint covers {checkpointSize}: entries {treeSize + 1} to {checkpointSize} were removed";

    /// <summary>The leaf hashes of all entries in order; a gap in the sequence numbers is reported as a damaged ledger.</summary>
    internal static async Task<List<byte[]>> ReadLeafHashesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, entry_hash FROM ledger ORDER BY seq;";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var leaves = new List<byte[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sequence = reader.GetInt64(0);
            if (sequence != leaves.Count + 1)
            {
                throw new LedgerCheckpointException($"entry {leaves.Count + 1} is missing (the next entry is {sequence}); run 'mcpgate ledger verify'");
            }

            leaves.Add(MerkleTree.LeafHash(EntryHashBytes(sequence, reader.GetString(1))));
        }

        return leaves;
    }

    /// <summary>The 32 bytes of a stored <c>sha256:&lt;64 hex&gt;</c> entry hash, parsed without intermediate strings.</summary>
    private static byte[] EntryHashBytes(long sequence, string stored)
    {
        const string Prefix = "sha256:";
        Span<byte> bytes = stackalloc byte[MerkleTree.HashSize];
        if (stored.Length != Prefix.Length + (2 * MerkleTree.HashSize) || !stored.StartsWith(Prefix, StringComparison.Ordinal)
            || Convert.FromHexString(stored.AsSpan(Prefix.Length), bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != MerkleTree.HashSize)
        {
            throw new LedgerCheckpointException($"entry {sequence}: entry_hash is not a SHA-256 digest; run 'mcpgate ledger verify'");
        }

        return bytes.ToArray();
    }

    private static async Task<IReadOnlyList<StoredCheckpoint>> ReadCheckpointsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, tree_size, root_hash, signed_at, note FROM checkpoints ORDER BY id;";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var checkpoints = new List<StoredCheckpoint>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            checkpoints.Add(ReadCheckpoint(reader));
        }

        return checkpoints;
    }

    private static async Task<StoredCheckpoint?> ReadLatestCheckpointAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, tree_size, root_hash, signed_at, note FROM checkpoints ORDER BY id DESC LIMIT 1;";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadCheckpoint(reader) : null;
    }

    /// <summary>A row whose note does not parse, or whose columns disagree with its note, is a damaged ledger.</summary>
    private static StoredCheckpoint ReadCheckpoint(SqliteDataReader reader)
    {
        var id = reader.GetInt64(0);
        Checkpoint checkpoint;
        try
        {
            checkpoint = CheckpointNote.Parse(reader.GetString(4));
        }
        catch (FormatException ex)
        {
            throw new LedgerCheckpointException($"stored checkpoint #{id}: its note is not a checkpoint: {ex.Message}", ex);
        }

        if (checkpoint.TreeSize != reader.GetInt64(1) || !string.Equals(checkpoint.RootBase64, reader.GetString(2), StringComparison.Ordinal))
        {
            throw new LedgerCheckpointException($"stored checkpoint #{id}: its tree_size or root_hash column differs from its signed note");
        }

        if (!LedgerTime.TryParse(reader.GetString(3), out var signedAt))
        {
            throw new LedgerCheckpointException($"stored checkpoint #{id}: signed_at '{reader.GetString(3)}' is not RFC 3339 UTC with milliseconds");
        }

        return new StoredCheckpoint { Id = id, SignedAt = signedAt, Checkpoint = checkpoint };
    }
}
