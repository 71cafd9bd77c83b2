using System.Globalization;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    private const string MoveCursorSql = """
        INSERT INTO notification_cursors (notifier, seq) VALUES ($notifier, $seq)
        ON CONFLICT (notifier) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > notification_cursors.seq;
        """;

    private const string AttemptColumns = "id, delivery_id, notifier, change_id, seq, event, attempt, outcome, status, error, time";

    /// <summary>The sequence number of the last entry; 0 for an empty ledger.</summary>
    public Task<long> ReadLastSequenceAsync(CancellationToken cancellationToken = default) =>
        GuardReadAsync(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT coalesce(max(seq), 0) FROM ledger;";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        });

    /// <summary>At most <paramref name="limit"/> entries after <paramref name="afterSequence"/>, in ascending order.</summary>
    public Task<IReadOnlyList<LedgerEntry>> ReadEntryBatchAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return GuardReadAsync<IReadOnlyList<LedgerEntry>>(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {EntryColumns} FROM ledger WHERE seq > $after ORDER BY seq LIMIT $limit;";
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            var entries = new List<LedgerEntry>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(ReadEntry(reader));
            }

            return entries;
        });
    }

    /// <summary>The last entry <paramref name="notifier"/> has finished with (delivered or given up), or null when it has none yet.</summary>
    public Task<long?> ReadNotificationCursorAsync(string notifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(notifier);
        return GuardReadAsync(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT seq FROM notification_cursors WHERE notifier = $notifier;";
            command.Parameters.AddWithValue("$notifier", notifier);
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? (long?)null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        });
    }

    /// <summary>Moves <paramref name="notifier"/>'s cursor forward to <paramref name="sequence"/> (never back).</summary>
    /// <exception cref="LedgerStorageException">The disk is full, the file read-only, locked past the busy timeout, or gone.</exception>
    public async Task SaveNotificationCursorAsync(string notifier, long sequence, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(notifier);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = MoveCursorSql;
            command.Parameters.AddWithValue("$notifier", notifier);
            command.Parameters.AddWithValue("$seq", sequence);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (LedgerStorageFaults.Classify(e, DatabasePath) is { } condition)
        {
            throw new LedgerStorageException(condition, DatabasePath, e);
        }
    }

    /// <summary>
    /// Records one delivery attempt. Not part of the hash chain: nothing here touches the entries or the checkpoints.
    /// An attempt that ends its delivery (<see cref="NotificationAttempt.Delivered"/> or
    /// <see cref="NotificationAttempt.GaveUp"/>) moves the notifier's cursor to its entry in the same transaction, so a
    /// gate stopped at any moment after it never sends that entry again, and one stopped before it sends it again.
    /// </summary>
    /// <exception cref="LedgerStorageException">The disk is full, the file read-only, locked past the busy timeout, or gone.</exception>
    public async Task AppendNotificationAttemptAsync(NotificationAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO notification_attempts (delivery_id, notifier, change_id, seq, event, attempt, outcome, status, error, time)
                VALUES ($delivery, $notifier, $change, $seq, $event, $attempt, $outcome, $status, $error, $time);
                """;
            command.Parameters.AddWithValue("$delivery", attempt.DeliveryId);
            command.Parameters.AddWithValue("$notifier", attempt.Notifier);
            command.Parameters.AddWithValue("$change", attempt.ChangeId);
            command.Parameters.AddWithValue("$seq", attempt.Sequence);
            command.Parameters.AddWithValue("$event", attempt.Event);
            command.Parameters.AddWithValue("$attempt", attempt.Attempt);
            command.Parameters.AddWithValue("$outcome", attempt.Outcome);
            command.Parameters.AddWithValue("$status", (object?)attempt.Status ?? DBNull.Value);
            command.Parameters.AddWithValue("$error", (object?)attempt.ErrorText ?? DBNull.Value);
            command.Parameters.AddWithValue("$time", LedgerTime.ToText(attempt.Time));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (attempt.Outcome is NotificationAttempt.Delivered or NotificationAttempt.GaveUp)
            {
                using var cursor = connection.CreateCommand();
                cursor.Transaction = transaction;
                cursor.CommandText = MoveCursorSql;
                cursor.Parameters.AddWithValue("$notifier", attempt.Notifier);
                cursor.Parameters.AddWithValue("$seq", attempt.Sequence);
                await cursor.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (LedgerStorageFaults.Classify(e, DatabasePath) is { } condition)
        {
            throw new LedgerStorageException(condition, DatabasePath, e);
        }
    }

    /// <summary>The recorded attempts, of one change when <paramref name="changeId"/> is given, oldest first.</summary>
    /// <exception cref="InvalidDataException">A row's time is not a ledger time (edited outside the gate).</exception>
    public Task<IReadOnlyList<NotificationAttempt>> ListNotificationAttemptsAsync(string? changeId = null, CancellationToken cancellationToken = default) =>
        GuardReadAsync<IReadOnlyList<NotificationAttempt>>(async () =>
        {
            using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            if (changeId is null)
            {
                command.CommandText = $"SELECT {AttemptColumns} FROM notification_attempts ORDER BY id;";
            }
            else
            {
                command.CommandText = $"SELECT {AttemptColumns} FROM notification_attempts WHERE change_id = $change ORDER BY id;";
                command.Parameters.AddWithValue("$change", changeId);
            }

            var attempts = new List<NotificationAttempt>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                attempts.Add(new NotificationAttempt
                {
                    Id = reader.GetInt64(0),
                    DeliveryId = reader.GetString(1),
                    Notifier = reader.GetString(2),
                    ChangeId = reader.GetString(3),
                    Sequence = reader.GetInt64(4),
                    Event = reader.GetString(5),
                    Attempt = reader.GetInt32(6),
                    Outcome = reader.GetString(7),
                    Status = reader.IsDBNull(8) ? null : reader.GetInt32(8),
                    ErrorText = reader.IsDBNull(9) ? null : reader.GetString(9),
                    Time = LedgerTime.TryParse(reader.GetString(10), out var time)
                        ? time
                        : throw new InvalidDataException($"the notification attempts' row {reader.GetInt64(0)} has time '{reader.GetString(10)}', which is not a ledger time: it was edited outside the gate"),
                });
            }

            return attempts;
        });
}
