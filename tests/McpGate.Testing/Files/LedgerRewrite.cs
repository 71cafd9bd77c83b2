using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using Microsoft.Data.Sqlite;

namespace McpGate.Testing.Files;

/// <summary>
/// What an attacker with write access to the data directory does: drop the append-only
/// triggers, edit with SQL, then recompute every entry's hash so that the chain is consistent
/// again. The chain check then passes; only the history check can tell.
/// </summary>
public static class LedgerRewrite
{
    public static void Execute(string databasePath, string sql, bool rehash = true)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "DROP TRIGGER IF EXISTS ledger_no_update; DROP TRIGGER IF EXISTS ledger_no_delete; " + sql;
            command.ExecuteNonQuery();
        }

        if (rehash)
        {
            Rehash(connection);
        }
    }

    /// <summary>Renumbers the entries 1..n in their order and recomputes every hash, as a careful attacker would after editing.</summary>
    public static void Rehash(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        Rehash(connection);
    }

    private static void Rehash(SqliteConnection connection)
    {
        var rows = new List<(long Seq, string ChangeId, string EventType, string Payload, string Time)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT seq, change_id, event_type, payload, time FROM ledger ORDER BY seq;";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
        }

        using var transaction = connection.BeginTransaction();
        using (var clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM ledger;";
            clear.ExecuteNonQuery();
        }

        var previous = LedgerEntryHash.Genesis;
        for (var i = 0; i < rows.Count; i++)
        {
            var (_, changeId, eventType, payload, time) = rows[i];
            var sequence = i + 1;
            var hash = LedgerEntryHash.Compute(sequence, changeId, eventType, payload, time, previous);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO ledger (seq, change_id, event_type, payload, time, prev_hash, entry_hash) VALUES ($seq, $id, $type, $payload, $time, $prev, $hash);";
            insert.Parameters.AddWithValue("$seq", sequence);
            insert.Parameters.AddWithValue("$id", changeId);
            insert.Parameters.AddWithValue("$type", eventType);
            insert.Parameters.AddWithValue("$payload", payload);
            insert.Parameters.AddWithValue("$time", time);
            insert.Parameters.AddWithValue("$prev", previous.ToString());
            insert.Parameters.AddWithValue("$hash", hash.ToString());
            insert.ExecuteNonQuery();
            previous = hash;
        }

        transaction.Commit();
    }
}
