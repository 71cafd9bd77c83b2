using Microsoft.Data.Sqlite;

namespace McpGate.Bench.Ledger;

/// <summary>
/// The baselines: plain Microsoft.Data.Sqlite on a file with the ledger's schema, opened exactly
/// as <c>ChangeLedger</c> opens it (same connection string, a pooled connection per operation,
/// <c>busy_timeout</c> and <c>synchronous = FULL</c> on every connection, WAL, <c>BEGIN IMMEDIATE</c>),
/// but with no canonical JSON, no chain read and no hashing.
/// </summary>
internal sealed class RawSqlite : IDisposable
{
    /// <summary>What <c>LedgerSchema.ConnectionPragmas</c> runs on each connection.</summary>
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;";

    /// <summary>A digest-shaped constant, so the baseline stores as many bytes as the ledger.</summary>
    private const string PlaceholderHash = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    private readonly string _connectionString;

    public RawSqlite(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(databasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 5,
        }.ToString();
    }

    /// <summary>What <c>TransitionAsync</c> writes, minus the state check, canonical JSON and chaining.</summary>
    public async ValueTask UpdateAndInsertAsync(string changeId, string state, string documentJson, string eventType, string payloadJson, string time)
    {
        using var connection = await OpenAsync();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var update = connection.CreateCommand())
        {
            update.CommandText = "UPDATE changes SET state = $state, document = $document, updated_at = $now WHERE change_id = $id;";
            update.Parameters.AddWithValue("$id", changeId);
            update.Parameters.AddWithValue("$state", state);
            update.Parameters.AddWithValue("$document", documentJson);
            update.Parameters.AddWithValue("$now", time);
            await update.ExecuteNonQueryAsync();
        }

        await InsertEntryAsync(connection, changeId, eventType, payloadJson, time);
        await transaction.CommitAsync();
    }

    /// <summary>What <c>AppendEventAsync</c> writes, minus the state check, canonical JSON and chaining.</summary>
    public async ValueTask InsertAsync(string changeId, string eventType, string payloadJson, string time)
    {
        using var connection = await OpenAsync();
        using var transaction = connection.BeginTransaction(deferred: false);
        await InsertEntryAsync(connection, changeId, eventType, payloadJson, time);
        await transaction.CommitAsync();
    }

    /// <summary>Reads every ledger row, every column, in order, as <c>VerifyAsync</c> does, and checks nothing.</summary>
    /// <returns>The number of rows read.</returns>
    public async ValueTask<long> ScanAsync()
    {
        using var connection = await OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, change_id, event_type, payload, time, prev_hash, entry_hash FROM ledger ORDER BY seq;";
        using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        long characters = 0;
        while (await reader.ReadAsync())
        {
            rows += reader.GetInt64(0) > 0 ? 1 : 0;
            for (var column = 1; column <= 6; column++)
            {
                characters += reader.GetString(column).Length;
            }
        }

        return characters > 0 ? rows : 0;
    }

    public async Task CheckpointAsync()
    {
        using var connection = await OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static async Task InsertEntryAsync(SqliteConnection connection, string changeId, string eventType, string payloadJson, string time)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO ledger (change_id, event_type, payload, time, prev_hash, entry_hash)
            VALUES ($id, $type, $payload, $time, $prev, $hash);
            """;
        insert.Parameters.AddWithValue("$id", changeId);
        insert.Parameters.AddWithValue("$type", eventType);
        insert.Parameters.AddWithValue("$payload", payloadJson);
        insert.Parameters.AddWithValue("$time", time);
        insert.Parameters.AddWithValue("$prev", PlaceholderHash);
        insert.Parameters.AddWithValue("$hash", PlaceholderHash);
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            await command.ExecuteNonQueryAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
