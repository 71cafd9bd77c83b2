using Microsoft.Data.Sqlite;

namespace McpGate.Core.Tests.Ledger;

/// <summary>A fresh temporary data directory holding the ledger file; deleted afterwards.</summary>
internal sealed class LedgerTestDirectory : IDisposable
{
    public LedgerTestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mcpgate-ledger-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public static DateTimeOffset Start { get; } = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, "mcpgate.db");

    /// <summary>A connection that bypasses ChangeLedger, as an attacker with the file would.</summary>
    public SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Execute(string sql)
    {
        using var connection = OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var connection = OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
