namespace McpGate.Core.Ledger;

/// <summary>
/// The ledger's storage refused an operation: a full disk, a read-only file system, a vanished
/// data directory, an I/O error, a write lock held elsewhere past the busy timeout, or a damaged file. The write did not happen (SQLite rolled it back), so nothing
/// that depends on it happened either. The message names the condition and the path, in words an
/// operator acts on; the SQLite error is the inner exception.
/// </summary>
public sealed class LedgerStorageException : IOException
{
    public LedgerStorageException()
    {
    }

    public LedgerStorageException(string message)
        : base(message)
    {
    }

    public LedgerStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LedgerStorageException(LedgerStorageCondition condition, string databasePath, Exception? innerException = null)
        : base(Describe(condition, databasePath), innerException)
    {
        Condition = condition;
        DatabasePath = databasePath;
    }

    public LedgerStorageCondition Condition { get; }

    public string DatabasePath { get; } = string.Empty;

    /// <summary>One sentence naming the condition and the path, without a trailing full stop.</summary>
    public static string Describe(LedgerStorageCondition condition, string databasePath) => condition switch
    {
        LedgerStorageCondition.Full => $"the disk holding the ledger {databasePath} is full",
        LedgerStorageCondition.ReadOnly => $"the ledger {databasePath} is read-only (its file, folder or file system cannot be written)",
        LedgerStorageCondition.Missing => $"the ledger {databasePath} is gone (the file or its data directory was moved or deleted)",
        LedgerStorageCondition.Locked => $"the ledger {databasePath} is locked by another connection or process (waited {LedgerSchema.BusyTimeoutSeconds} s for its write lock)",
        LedgerStorageCondition.Corrupt => $"the ledger {databasePath} is damaged (SQLite cannot read it as a database); run 'mcpgate ledger verify' and restore it from a backup",
        _ => $"the disk holding the ledger {databasePath} reported an I/O error",
    };
}
