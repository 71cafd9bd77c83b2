namespace McpGate.Core.Ledger;

/// <summary>Why the ledger's storage refused an operation.</summary>
public enum LedgerStorageCondition
{
    /// <summary>The disk (or file system) holding the ledger has no space left.</summary>
    Full,

    /// <summary>The ledger's file, folder or file system cannot be written.</summary>
    ReadOnly,

    /// <summary>The ledger's file or its data directory was moved or deleted.</summary>
    Missing,

    /// <summary>The disk reported an I/O error that is none of the above.</summary>
    IoError,

    /// <summary>Another connection or process held the ledger's write lock past the busy timeout.</summary>
    Locked,

    /// <summary>SQLite found the database file damaged (a malformed page, or not a database any more).</summary>
    Corrupt,
}
