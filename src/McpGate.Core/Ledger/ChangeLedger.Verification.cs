using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using McpGate.Core.Crypto;
using McpGate.Core.Json;
using McpGate.Core.Text;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>Entries read and checked together: large enough to spread over the cores, small enough to stop soon after a bad entry.</summary>
    private const int VerifyBatchSize = 4096;

    /// <summary>
    /// Recomputes every entry's hash and checks the chain, from a single consistent snapshot.
    /// Stops at the first bad or missing entry and names it. Entries removed from the end cannot
    /// be seen from the chain alone. Then checks that every row of the changes table has a known
    /// state (<see cref="Changes.ChangeState"/>, spelled exactly).
    /// </summary>
    /// <remarks>
    /// Each entry's own checks (time, canonical payload, entry hash) need nothing but the entry,
    /// so they run in parallel over a batch while the next batch is read; the links between
    /// entries (sequence, prev_hash) are then checked in order, so the entry named is the same
    /// first bad entry a one-by-one pass would name.
    /// </remarks>
    /// <exception cref="LedgerStorageException">The file cannot be read (a damaged page, a vanished file).</exception>
    public Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        GuardReadAsync(() => VerifyChainAsync(cancellationToken));

    private async Task<LedgerVerification> VerifyChainAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, change_id, event_type, payload, time, prev_hash, entry_hash FROM ledger ORDER BY seq;";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        var chain = new ChainCheck();
        var batch = new List<StoredEntryText>(VerifyBatchSize);
        Task<EntrySelfCheck[]>? checking = null;
        List<StoredEntryText>? checkingBatch = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(new StoredEntryText(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
            if (batch.Count < VerifyBatchSize)
            {
                continue;
            }

            if (checking is not null && chain.Link(checkingBatch!, await checking.ConfigureAwait(false)) is { } broken)
            {
                return broken;
            }

            (checking, checkingBatch) = (CheckSelvesAsync(batch, cancellationToken), batch);
            batch = new List<StoredEntryText>(VerifyBatchSize);
        }

        reader.Close();
        if (checking is not null && chain.Link(checkingBatch!, await checking.ConfigureAwait(false)) is { } brokenBefore)
        {
            return brokenBefore;
        }

        if (chain.Link(batch, await CheckSelvesAsync(batch, cancellationToken).ConfigureAwait(false)) is { } brokenLast)
        {
            return brokenLast;
        }

        if (await FindBadStateAsync(connection, cancellationToken).ConfigureAwait(false) is { } badState)
        {
            return new LedgerVerification { Succeeded = false, EntriesChecked = chain.Checked, Failure = badState };
        }

        return new LedgerVerification { Succeeded = true, EntriesChecked = chain.Checked };
    }

    private static Task<EntrySelfCheck[]> CheckSelvesAsync(List<StoredEntryText> batch, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            var results = new EntrySelfCheck[batch.Count];
            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => results[i] = CheckSelf(batch[i]));
            return results;
        },
        cancellationToken);

    /// <summary>A ledger row as stored, before any check.</summary>
    private readonly record struct StoredEntryText(long Sequence, string ChangeId, string EventType, string Payload, string Time, string PreviousHash, string EntryHash);

    /// <summary>What an entry's own checks found: a failure, or the hash it recomputes to.</summary>
    private readonly record struct EntrySelfCheck(string? Failure, Sha256Digest Hash);

    /// <summary>The links between entries, checked in sequence order, batch after batch.</summary>
    private sealed class ChainCheck
    {
        private long _expectedSequence = 1;
        private Sha256Digest _previousHash = LedgerEntryHash.Genesis;

        public long Checked { get; private set; }

        /// <returns>The verdict at the first bad entry of the batch; null when all are intact.</returns>
        public LedgerVerification? Link(List<StoredEntryText> batch, EntrySelfCheck[] selves)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var entry = batch[i];
                var failure = CheckLink(entry, _expectedSequence, _previousHash) ?? selves[i].Failure;
                if (failure is not null)
                {
                    return new LedgerVerification
                    {
                        Succeeded = false,
                        EntriesChecked = Checked,
                        FirstBadSequence = Math.Min(entry.Sequence, _expectedSequence),
                        Failure = failure,
                    };
                }

                Checked++;
                _expectedSequence = entry.Sequence + 1;
                _previousHash = selves[i].Hash;
            }

            return null;
        }
    }

    /// <summary>The first row of the changes table whose state is not a change state, described; null when there is none.</summary>
    private static async Task<string?> FindBadStateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT change_id, state FROM changes ORDER BY rowid;";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var changeId = reader.GetString(0);
            try
            {
                ParseState(changeId, reader.GetValue(1));
            }
            catch (LedgerCorruptException)
            {
                return $"change {UntrustedText.Quote(changeId)}: state {UntrustedText.Quote(Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture))} in the changes table is not a change state";
            }
        }

        return null;
    }

    /// <returns>What is wrong with the entry's place in the chain, or <see langword="null"/>.</returns>
    private static string? CheckLink(StoredEntryText entry, long expectedSequence, Sha256Digest expectedPreviousHash)
    {
        if (entry.Sequence != expectedSequence)
        {
            return expectedSequence == 1
                ? $"entry 1 missing (the ledger starts at entry {entry.Sequence})"
                : $"entry {expectedSequence} missing (gap after {expectedSequence - 1})";
        }

        if (!Sha256Digest.TryParse(entry.PreviousHash, out var previousHash) || previousHash != expectedPreviousHash)
        {
            return entry.Sequence == 1
                ? "entry 1: prev_hash is not the hash of the empty string"
                : $"entry {entry.Sequence}: prev_hash does not match entry {entry.Sequence - 1}";
        }

        return null;
    }

    private static bool PayloadLooksCanonical(string payload)
    {
        var rented = ArrayPool<byte>.Shared.Rent(s_strictUtf8.GetMaxByteCount(payload.Length));
        try
        {
            // Strict: a lone surrogate is not replaced, so the canonicalizer gets to refuse it.
            var length = s_strictUtf8.GetBytes(payload, rented);
            return CanonicalJsonCheck.IsCanonical(rented.AsSpan(0, length));
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The checks that need nothing but the entry: its time, its canonical payload, and its hash.</summary>
    private static EntrySelfCheck CheckSelf(StoredEntryText entry)
    {
        var sequence = entry.Sequence;
        if (!LedgerTime.TryParse(entry.Time, out _))
        {
            return new EntrySelfCheck($"entry {sequence}: time '{entry.Time}' is not RFC 3339 UTC with milliseconds", default);
        }

        // The one-pass check answers for nearly every entry; only a payload it does not accept is
        // canonicalized, which says why (or, should the two ever disagree, accepts it).
        if (!PayloadLooksCanonical(entry.Payload))
        {
            string canonicalPayload;
            try
            {
                canonicalPayload = CanonicalJson.Canonicalize(entry.Payload);
            }
            catch (JsonException e)
            {
                return new EntrySelfCheck($"entry {sequence}: payload is not valid canonical JSON ({e.Message})", default);
            }

            if (!string.Equals(canonicalPayload, entry.Payload, StringComparison.Ordinal))
            {
                return new EntrySelfCheck($"entry {sequence}: payload is not in canonical form", default);
            }
        }

        // The stored prev_hash is the one hashed: CheckLink has compared it with the previous entry's.
        if (!Sha256Digest.TryParse(entry.PreviousHash, out var previousHash))
        {
            return new EntrySelfCheck(null, default);
        }

        Sha256Digest entryHash;
        try
        {
            entryHash = LedgerEntryHash.Compute(sequence, entry.ChangeId, entry.EventType, entry.Payload, entry.Time, previousHash);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return new EntrySelfCheck($"entry {sequence}: its change id or event type cannot be hashed ({e.Message})", default);
        }

        return !Sha256Digest.TryParse(entry.EntryHash, out var stored) || stored != entryHash
            ? new EntrySelfCheck($"entry {sequence}: entry_hash does not match its content", default)
            : new EntrySelfCheck(null, entryHash);
    }
}
