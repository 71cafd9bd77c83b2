using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace McpGate.Adversarial.Tests.FailClosed;

/// <summary>
/// Damages a ledger file as a failing disk does: every page after the first (the header and the
/// schema) overwritten with random bytes. A running gate's connections keep pages they read in
/// their cache until another connection commits, so a second connection, which read everything
/// before the damage, then commits a change that reads and leaves nothing else (the schema version
/// written again, on the first page): every connection of the gate reads the file again.
/// </summary>
internal static class LedgerDamage
{
    private const int PageSize = 4096;

    public static void OverwritePages(string ledgerPath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ledgerPath, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE); SELECT count(*) FROM ledger; SELECT count(*) FROM changes;");
        Scalar(connection, "PRAGMA page_size;").Should().Be(PageSize);

        using (var file = new FileStream(ledgerPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            for (long offset = PageSize; offset < file.Length; offset += PageSize)
            {
                file.Position = offset;
                file.Write(RandomNumberGenerator.GetBytes(PageSize));
            }

            file.Flush(flushToDisk: true);
        }

        Execute(connection, $"PRAGMA user_version = {Scalar(connection, "PRAGMA user_version;")};");
    }

    /// <summary>Garbage over the first page too: the file is no database at all.</summary>
    public static void OverwriteHeader(string ledgerPath)
    {
        using var file = new FileStream(ledgerPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        file.Write(RandomNumberGenerator.GetBytes(PageSize));
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        do
        {
            while (reader.Read())
            {
            }
        }
        while (reader.NextResult());
    }
}
