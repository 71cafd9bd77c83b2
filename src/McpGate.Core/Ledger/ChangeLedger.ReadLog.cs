using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    private const string ReadColumns = "id, time, tool, requester, arguments, result_size, duration_ms, outcome, error, dropped";

    /// <summary>
    /// Stores <paramref name="reads"/> in the read log in one transaction (all or none). The read log is
    /// not part of the hash chain: nothing here touches the entries or the checkpoints.
    /// </summary>
    /// <exception cref="LedgerStorageException">The disk is full, the file read-only, locked past the busy timeout, or gone.</exception>
    public async Task AppendReadsAsync(IReadOnlyList<ReadRecord> reads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reads);
        if (reads.Count == 0)
        {
            return;
        }

        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO reads (time, tool, requester, arguments, result_size, duration_ms, outcome, error, dropped)
                VALUES ($time, $tool, $requester, $arguments, $size, $duration, $outcome, $error, $dropped);
                """;
            var time = command.Parameters.Add("$time", SqliteType.Text);
            var tool = command.Parameters.Add("$tool", SqliteType.Text);
            var requester = command.Parameters.Add("$requester", SqliteType.Text);
            var arguments = command.Parameters.Add("$arguments", SqliteType.Text);
            var size = command.Parameters.Add("$size", SqliteType.Integer);
            var duration = command.Parameters.Add("$duration", SqliteType.Real);
            var outcome = command.Parameters.Add("$outcome", SqliteType.Text);
            var error = command.Parameters.Add("$error", SqliteType.Text);
            var dropped = command.Parameters.Add("$dropped", SqliteType.Integer);
            command.Prepare();
            foreach (var read in reads)
            {
                time.Value = LedgerTime.ToText(read.Time);
                tool.Value = read.Tool;
                requester.Value = read.Requester;
                arguments.Value = read.Arguments;
                size.Value = Math.Max(0, read.ResultSize);
                duration.Value = Math.Max(0, read.Duration.TotalMilliseconds);
                outcome.Value = read.Outcome;
                error.Value = (object?)read.ErrorText ?? DBNull.Value;
                dropped.Value = Math.Max(0, read.Dropped);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (LedgerStorageFaults.Classify(e, DatabasePath) is { } condition)
        {
            throw new LedgerStorageException(condition, DatabasePath, e);
        }
    }

    /// <summary>The recorded reads that match <paramref name="query"/>, newest first (markers included).</summary>
    /// <exception cref="InvalidDataException">A row's time is not a ledger time (edited outside the gate).</exception>
    public async Task<IReadOnlyList<ReadRecord>> ListReadsAsync(ReadQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        var where = new StringBuilder();
        void Filter(string clause, string name, object value)
        {
            where.Append(where.Length == 0 ? " WHERE " : " AND ").Append(clause);
            command.Parameters.AddWithValue(name, value);
        }

        if (query.Since is { } since)
        {
            Filter("time >= $since", "$since", LedgerTime.ToText(since));
        }

        if (query.Until is { } until)
        {
            Filter("time <= $until", "$until", LedgerTime.ToText(until));
        }

        if (query.Tool is { } toolName)
        {
            Filter("tool = $tool", "$tool", toolName);
        }

        if (query.Requester is { } requesterName)
        {
            Filter("requester = $requester", "$requester", requesterName);
        }

        var limit = query.Limit is { } n ? string.Create(CultureInfo.InvariantCulture, $" LIMIT {n}") : string.Empty;
        command.CommandText = $"SELECT {ReadColumns} FROM reads{where} ORDER BY time DESC, id DESC{limit};";
        var reads = new List<ReadRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            reads.Add(new ReadRecord
            {
                Id = reader.GetInt64(0),
                Time = LedgerTime.TryParse(reader.GetString(1), out var time)
                    ? time
                    : throw new InvalidDataException($"the read log's row {reader.GetInt64(0)} has time '{reader.GetString(1)}', which is not a ledger time: it was edited outside the gate"),
                Tool = reader.GetString(2),
                Requester = reader.GetString(3),
                Arguments = reader.GetString(4),
                ResultSize = reader.GetInt64(5),
                Duration = TimeSpan.FromMilliseconds(reader.GetDouble(6)),
                Outcome = reader.GetString(7),
                ErrorText = reader.IsDBNull(8) ? null : reader.GetString(8),
                Dropped = reader.GetInt64(9),
            });
        }

        return reads;
    }
}
