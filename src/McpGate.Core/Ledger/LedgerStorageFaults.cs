using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

/// <summary>
/// Tells storage faults (including a write lock held elsewhere past the busy timeout and a
/// damaged file) from other SQLite errors (a constraint, a trigger), and names them. SQLite reports a full disk as SQLITE_FULL when a page write fails, but as a
/// plain SQLITE_IOERR when growing the WAL index (<c>-shm</c>) fails, so an I/O error on a disk
/// with almost no free space is a full disk too.
/// </summary>
internal static class LedgerStorageFaults
{
    private const int SqlitePerm = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>SQLITE_READONLY_DBMOVED: the file was renamed or unlinked since it was opened.</summary>
    private const int SqliteReadOnlyDbMoved = SqliteReadOnly | (4 << 8);

    /// <summary>Below this much free space an I/O error is taken for a full disk (a WAL frame is one page plus a header).</summary>
    internal const long NearlyFullBytes = 1024 * 1024;

    public static LedgerStorageCondition? Classify(SqliteException exception, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Classify(exception.SqliteErrorCode, exception.SqliteExtendedErrorCode, databasePath);
    }

    public static LedgerStorageCondition? Classify(int errorCode, int extendedErrorCode, string databasePath)
    {
        switch (errorCode & 0xFF)
        {
            case SqliteFull:
                return LedgerStorageCondition.Full;
            case SqliteReadOnly:
                return extendedErrorCode == SqliteReadOnlyDbMoved || !File.Exists(databasePath)
                    ? LedgerStorageCondition.Missing
                    : LedgerStorageCondition.ReadOnly;
            case SqlitePerm:
                return LedgerStorageCondition.ReadOnly;
            case SqliteBusy or SqliteLocked:
                return LedgerStorageCondition.Locked;
            case SqliteCorrupt or SqliteNotADatabase:
                return LedgerStorageCondition.Corrupt;
            case SqliteCantOpen:
                return File.Exists(databasePath) ? LedgerStorageCondition.ReadOnly : LedgerStorageCondition.Missing;
            case SqliteIoError:
                if (!File.Exists(databasePath))
                {
                    return LedgerStorageCondition.Missing;
                }

                return FreeBytes(databasePath) is < NearlyFullBytes ? LedgerStorageCondition.Full : LedgerStorageCondition.IoError;
            default:
                return null;
        }
    }

    /// <summary>Free space for unprivileged writers on the file system holding <paramref name="path"/>, or null if unknown.</summary>
    internal static long? FreeBytes(string path)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            return folder is null ? null : new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
