using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using Microsoft.Data.Sqlite;

namespace McpGate.Adversarial.Tests.FailClosed;

/// <summary>
/// Breaks the ledger of a running gate for real, from outside the gate, and repairs it: a full disk
/// and a read-only file system on a small tmpfs of the test's own (the data directory lives there),
/// a write lock held by another connection (<c>BEGIN EXCLUSIVE</c>) past the gate's busy timeout,
/// and pages of the database file overwritten with garbage.
/// </summary>
internal sealed class LedgerBreak : IDisposable
{
    private readonly TmpfsMount? _disk;
    private SqliteConnection? _lockHolder;
    private SqliteConnection? _walHolder;

    private LedgerBreak(LedgerStorageCondition condition, TmpfsMount? disk)
    {
        Condition = condition;
        _disk = disk;
    }

    public LedgerStorageCondition Condition { get; }

    /// <summary>The data directory to serve: on the small disk for a full or read-only one; otherwise null (the gate's own).</summary>
    public string? DataDir => _disk?.Combine("data");

    /// <summary>Whether the ledger can be read (by sqlite, by the test) while it is broken.</summary>
    public bool ReadableWhileBroken => Condition is LedgerStorageCondition.Full or LedgerStorageCondition.Locked;

    public static LedgerBreak For(LedgerStorageCondition condition) =>
        new(condition, condition is LedgerStorageCondition.Full or LedgerStorageCondition.ReadOnly ? TmpfsMount.Create(16 * 1024 * 1024) : null);

    public void Break(string ledgerPath)
    {
        switch (Condition)
        {
            case LedgerStorageCondition.Full:
                // On a storage fault the gate drops its pooled connections. Were that the last connection
                // to the file, SQLite would checkpoint the WAL into the database and delete it, freeing its
                // space for the next small write. A reader kept open here (as a CLI's or an operator's
                // sqlite3 may be) keeps the WAL, so the disk stays full until Repair.
                _walHolder = HoldWal(ledgerPath);
                _disk!.Fill();
                break;
            case LedgerStorageCondition.ReadOnly:
                _disk!.MakeReadOnly();
                break;
            case LedgerStorageCondition.Locked:
                _lockHolder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ledgerPath, Pooling = false }.ToString());
                _lockHolder.Open();
                Execute(_lockHolder, "BEGIN EXCLUSIVE;");
                break;
            case LedgerStorageCondition.Corrupt:
                LedgerDamage.OverwritePages(ledgerPath);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(ledgerPath), Condition, "no way to provoke this condition");
        }
    }

    /// <summary>Gives the storage back; false for a damaged file, which only a backup repairs.</summary>
    public bool Repair()
    {
        switch (Condition)
        {
            case LedgerStorageCondition.Full:
                _disk!.Free();
                ReleaseWal();
                return true;
            case LedgerStorageCondition.ReadOnly:
                _disk!.MakeWritable();
                return true;
            case LedgerStorageCondition.Locked:
                ReleaseLock();
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A read connection that keeps the ledger's WAL while it is open: SQLite checkpoints and deletes
    /// the WAL when the last connection closes (the gate drops its own on a storage fault), which would
    /// free space on a disk a test filled.
    /// </summary>
    public static SqliteConnection HoldWal(string ledgerPath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ledgerPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "SELECT count(*) FROM sqlite_schema;");
        return connection;
    }

    public void Dispose()
    {
        ReleaseLock();
        ReleaseWal();
        _disk?.Dispose();
    }

    private void ReleaseWal()
    {
        _walHolder?.Dispose();
        _walHolder = null;
    }

    private void ReleaseLock()
    {
        if (_lockHolder is null)
        {
            return;
        }

        Execute(_lockHolder, "ROLLBACK;");
        _lockHolder.Dispose();
        _lockHolder = null;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
