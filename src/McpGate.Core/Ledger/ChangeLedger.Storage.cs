using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    private LedgerStorageException? _storageFault;

    /// <summary>
    /// The storage fault of the last operation that failed on one, until a write commits again;
    /// <see langword="null"/> while the ledger is writable. The engine logs its changes once each
    /// and backs off while it is set.
    /// </summary>
    public LedgerStorageException? StorageFault => Volatile.Read(ref _storageFault);

    /// <summary>
    /// Extra pragmas run on every connection after the standard ones. Tests use it to make the
    /// ledger full (<c>max_page_count</c>) or read-only (<c>query_only</c>) without root.
    /// </summary>
    internal string? ExtraConnectionPragmas { get; set; }

    private string ConnectionPragmas => ExtraConnectionPragmas is { Length: > 0 } extra
        ? LedgerSchema.ConnectionPragmas + " " + extra
        : LedgerSchema.ConnectionPragmas;

    /// <summary>
    /// Runs one write; a storage fault comes out as <see cref="LedgerStorageException"/>, a
    /// commit clears the recorded fault.
    /// </summary>
    private async Task<T> GuardWriteAsync<T>(Func<Task<T>> write)
    {
        T result;
        try
        {
            result = await write().ConfigureAwait(false);
        }
        catch (SqliteException e) when (LedgerStorageFaults.Classify(e, DatabasePath) is { } condition)
        {
            throw RecordFault(condition, e);
        }

        Volatile.Write(ref _storageFault, null);
        return result;
    }

    /// <summary>
    /// Runs one read; a storage fault (a damaged page, a vanished file) comes out as
    /// <see cref="LedgerStorageException"/> and is recorded, like a write's, so that the engine
    /// reports it once and backs off instead of logging a stack trace every pass.
    /// </summary>
    private async Task<T> GuardReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (SqliteException e) when (LedgerStorageFaults.Classify(e, DatabasePath) is { } condition)
        {
            throw RecordFault(condition, e);
        }
    }

    /// <summary>
    /// A pooled connection keeps its file open after the file is renamed or deleted, and SQLite in
    /// WAL mode would go on writing to it; the write would be lost with the file. So every
    /// connection, and every write just before it commits, checks the ledger is still at its path.
    /// </summary>
    private void EnsureStillThere()
    {
        if (!File.Exists(DatabasePath))
        {
            var fault = new LedgerStorageException(LedgerStorageCondition.Missing, DatabasePath);
            Volatile.Write(ref _storageFault, fault);
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
            throw fault;
        }
    }

    /// <summary>
    /// Records a storage fault and drops the pooled connections: one of them may hold a file that
    /// was since deleted or replaced open, and must not be reused once the storage is back.
    /// </summary>
    private LedgerStorageException RecordFault(LedgerStorageCondition condition, SqliteException cause)
    {
        var fault = new LedgerStorageException(condition, DatabasePath, cause);
        Volatile.Write(ref _storageFault, fault);
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return fault;
    }
}
