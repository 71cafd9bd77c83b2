using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    private const string ChangeColumns = "change_id, state, document, created_at, updated_at";

    private const string EntryColumns = "seq, change_id, event_type, payload, time, prev_hash, entry_hash";

    /// <summary>The change with this id, or <see langword="null"/>.</summary>
    public async Task<StoredChange?> GetChangeAsync(string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        return await GuardReadAsync(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {ChangeColumns} FROM changes WHERE change_id = $id;";
            command.Parameters.AddWithValue("$id", changeId);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadChange(reader) : null;
        }).ConfigureAwait(false);
    }

    /// <summary>All changes, or those in <paramref name="state"/>, newest first.</summary>
    /// <exception cref="LedgerCorruptException">A row read has a state that is not a change state.</exception>
    public async Task<IReadOnlyList<StoredChange>> ListChangesAsync(ChangeState? state = null, CancellationToken cancellationToken = default)
    {
        return await GuardReadAsync(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            if (state is null)
            {
                command.CommandText = $"SELECT {ChangeColumns} FROM changes ORDER BY created_at DESC, rowid DESC;";
            }
            else
            {
                command.CommandText = $"SELECT {ChangeColumns} FROM changes WHERE state = $state ORDER BY created_at DESC, rowid DESC;";
                command.Parameters.AddWithValue("$state", state.Value.ToWire());
            }

            var changes = new List<StoredChange>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                changes.Add(ReadChange(reader));
            }

            return changes;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Entries with a sequence number above <paramref name="afterSequence"/>, optionally of one
    /// change, in ascending order. Polling with the last sequence seen reads only what is new.
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(
        long afterSequence = 0,
        string? changeId = null,
        CancellationToken cancellationToken = default)
    {
        return await GuardReadAsync(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.Parameters.AddWithValue("$after", afterSequence);
            if (changeId is null)
            {
                command.CommandText = $"SELECT {EntryColumns} FROM ledger WHERE seq > $after ORDER BY seq;";
            }
            else
            {
                command.CommandText = $"SELECT {EntryColumns} FROM ledger WHERE change_id = $id AND seq > $after ORDER BY seq;";
                command.Parameters.AddWithValue("$id", changeId);
            }

            var entries = new List<LedgerEntry>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(ReadEntry(reader));
            }

            return entries;
        }).ConfigureAwait(false);
    }

    /// <summary>One entry from a reader over <see cref="EntryColumns"/>.</summary>
    private static LedgerEntry ReadEntry(SqliteDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        ChangeId = reader.GetString(1),
        EventType = reader.GetString(2),
        PayloadJson = reader.GetString(3),
        Time = LedgerTime.Parse(reader.GetString(4)),
        PreviousHash = Sha256Digest.Parse(reader.GetString(5)),
        EntryHash = Sha256Digest.Parse(reader.GetString(6)),
    };

    /// <exception cref="LedgerCorruptException">The row's state is not a change state.</exception>
    private static StoredChange ReadChange(SqliteDataReader reader) => new()
    {
        ChangeId = reader.GetString(0),
        State = ParseState(reader.GetString(0), reader.GetValue(1)),
        DocumentJson = reader.GetString(2),
        CreatedAt = LedgerTime.Parse(reader.GetString(3)),
        UpdatedAt = LedgerTime.Parse(reader.GetString(4)),
    };
}
