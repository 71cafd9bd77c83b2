using System.Globalization;
using System.Text.Json;
using McpGate.Core.Crypto;
using McpGate.Core.Json;
using McpGate.Core.Text;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>
    /// Recomputes every entry's hash and checks the chain, reading one entry at a time from a
    /// single consistent snapshot. Stops at the first bad or missing entry and names it.
    /// Entries removed from the end cannot be seen from the chain alone. Then checks that every row
    /// of the changes table has a known state (<see cref="Changes.ChangeState"/>, spelled exactly).
    /// </summary>
    public async Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, change_id, event_type, payload, time, prev_hash, entry_hash FROM ledger ORDER BY seq;";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        long checkedCount = 0;
        var expectedSequence = 1L;
        var previousHash = LedgerEntryHash.Genesis;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sequence = reader.GetInt64(0);
            var failure = CheckEntry(
                sequence,
                expectedSequence,
                previousHash,
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                out var entryHash);
            if (failure is not null)
            {
                return new LedgerVerification
                {
                    Succeeded = false,
                    EntriesChecked = checkedCount,
                    FirstBadSequence = Math.Min(sequence, expectedSequence),
                    Failure = failure,
                };
            }

            checkedCount++;
            expectedSequence = sequence + 1;
            previousHash = entryHash;
        }

        reader.Close();
        if (await FindBadStateAsync(connection, cancellationToken).ConfigureAwait(false) is { } badState)
        {
            return new LedgerVerification { Succeeded = false, EntriesChecked = checkedCount, Failure = badState };
        }

        return new LedgerVerification { Succeeded = true, EntriesChecked = checkedCount };
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

    /// <returns>What is wrong with the entry, or <see langword="null"/> if it is intact.</returns>
    private static string? CheckEntry(
        long sequence,
        long expectedSequence,
        Sha256Digest expectedPreviousHash,
        string changeId,
        string eventType,
        string payload,
        string time,
        string storedPreviousHash,
        string storedEntryHash,
        out Sha256Digest entryHash)
    {
        entryHash = default;
        if (sequence != expectedSequence)
        {
            return expectedSequence == 1
                ? $"entry 1 missing (the ledger starts at entry {sequence})"
                : $"entry {expectedSequence} missing (gap after {expectedSequence - 1})";
        }

        if (!Sha256Digest.TryParse(storedPreviousHash, out var previousHash) || previousHash != expectedPreviousHash)
        {
            return sequence == 1
                ? "entry 1: prev_hash is not the hash of the empty string"
                : $"entry {sequence}: prev_hash does not match entry {sequence - 1}";
        }

        if (!LedgerTime.TryParse(time, out _))
        {
            return $"entry {sequence}: time '{time}' is not RFC 3339 UTC with milliseconds";
        }

        string canonicalPayload;
        try
        {
            canonicalPayload = CanonicalJson.Canonicalize(payload);
        }
        catch (JsonException e)
        {
            return $"entry {sequence}: payload is not valid canonical JSON ({e.Message})";
        }

        if (!string.Equals(canonicalPayload, payload, StringComparison.Ordinal))
        {
            return $"entry {sequence}: payload is not in canonical form";
        }

        entryHash = LedgerEntryHash.Compute(sequence, changeId, eventType, payload, time, previousHash);
        if (!Sha256Digest.TryParse(storedEntryHash, out var stored) || stored != entryHash)
        {
            return $"entry {sequence}: entry_hash does not match its content";
        }

        return null;
    }
}
