using System.Globalization;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

/// <summary>
/// Creates and checks the ledger database's schema. The file is marked with
/// <c>PRAGMA application_id</c> so that any other SQLite file is refused, and versioned
/// with <c>PRAGMA user_version</c> (the schema version). Version 2 adds <c>claims</c>: which
/// executor instance holds a change and until when its lease runs. Version 3 adds
/// <c>checkpoints</c>: the signed checkpoints of the Merkle tree over the entries. Version 4 adds
/// <c>reads</c>: the read tools' calls, recorded beside the entries but not chained (see <see cref="ReadRecord"/>). Version 5 adds
/// <c>notification_attempts</c> and <c>notification_cursors</c>: every attempt to notify someone of a change, and how far each
/// notifier has got through the entries (see <see cref="NotificationAttempt"/>). An older file
/// is migrated in one transaction when it is opened; its entries are not touched, so it keeps verifying.
/// </summary>
internal static class LedgerSchema
{
    /// <summary>"MCPG" in ASCII.</summary>
    public const int ApplicationId = 0x4D435047;

    public const int CurrentVersion = 5;

    /// <summary>How long a write waits for another connection's write lock before it fails (SQLITE_BUSY).</summary>
    public const int BusyTimeoutSeconds = 5;

    /// <summary>Run on every connection: these settings are per connection, not per file.</summary>
    public const string ConnectionPragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;";

    /// <summary>The first schema, exactly as version 1 created it (tests build version 1 files with it).</summary>
    internal const string VersionOneDdl = """
        CREATE TABLE changes (
            change_id  TEXT NOT NULL PRIMARY KEY,
            state      TEXT NOT NULL,
            document   TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX changes_by_created ON changes (created_at);
        CREATE INDEX changes_by_state ON changes (state, created_at);

        CREATE TABLE ledger (
            seq        INTEGER NOT NULL PRIMARY KEY CHECK (seq >= 1),
            change_id  TEXT NOT NULL REFERENCES changes (change_id),
            event_type TEXT NOT NULL,
            payload    TEXT NOT NULL,
            time       TEXT NOT NULL,
            prev_hash  TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        );
        CREATE INDEX ledger_by_change ON ledger (change_id, seq);

        -- Append-only for well-behaved writers; the hash chain is what catches the others.
        CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        """;

    /// <summary>Version 1 to 2: executor claims. A row exists while an executor holds the change (tests build version 2 files with it).</summary>
    internal const string VersionTwoDdl = """
        CREATE TABLE claims (
            change_id     TEXT NOT NULL PRIMARY KEY REFERENCES changes (change_id),
            instance_id   TEXT NOT NULL,
            host          TEXT NOT NULL,
            pid           INTEGER NOT NULL,
            process_start TEXT NOT NULL,
            lease_expires TEXT NOT NULL
        );
        """;

    /// <summary>
    /// Version 2 to 3: signed checkpoints (C2SP tlog-checkpoint notes), append-only like the ledger.
    /// <c>note</c> is the whole signed note exactly as signed; the other columns repeat its body for queries.
    /// </summary>
    internal const string VersionThreeDdl = """
        CREATE TABLE checkpoints (
            id        INTEGER NOT NULL PRIMARY KEY CHECK (id >= 1),
            tree_size INTEGER NOT NULL CHECK (tree_size >= 0),
            root_hash TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            note      TEXT NOT NULL
        );
        CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
        CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
        """;

    /// <summary>
    /// Version 3 to 4: the read log. Not entries of the hash chain: a read changes nothing, and chaining
    /// every read would grow the Merkle tree with each one. A row with <c>dropped</c> above zero is a
    /// marker: that many reads were not recorded (queue full or a failed write) before the rows after it.
    /// </summary>
    internal const string VersionFourDdl = """
        CREATE TABLE reads (
            id          INTEGER NOT NULL PRIMARY KEY,
            time        TEXT NOT NULL,
            tool        TEXT NOT NULL,
            requester   TEXT NOT NULL,
            arguments   TEXT NOT NULL,
            result_size INTEGER NOT NULL CHECK (result_size >= 0),
            duration_ms REAL NOT NULL CHECK (duration_ms >= 0),
            outcome     TEXT NOT NULL,
            error       TEXT,
            dropped     INTEGER NOT NULL DEFAULT 0 CHECK (dropped >= 0)
        );
        CREATE INDEX reads_by_time ON reads (time);
        """;

    /// <summary>
    /// Version 4 to 5: notifications. Not entries of the hash chain: a notification changes nothing. One row per
    /// attempt (never the body, never a secret); one cursor per notifier name, the last entry it finished with,
    /// so a restart neither resends nor skips.
    /// </summary>
    private const string VersionFiveDdl = """
        CREATE TABLE notification_attempts (
            id          INTEGER NOT NULL PRIMARY KEY,
            delivery_id TEXT NOT NULL,
            notifier    TEXT NOT NULL,
            change_id   TEXT NOT NULL,
            seq         INTEGER NOT NULL CHECK (seq >= 1),
            event       TEXT NOT NULL,
            attempt     INTEGER NOT NULL CHECK (attempt >= 1),
            outcome     TEXT NOT NULL,
            status      INTEGER,
            error       TEXT,
            time        TEXT NOT NULL
        );
        CREATE INDEX notification_attempts_by_change ON notification_attempts (change_id, id);
        CREATE TABLE notification_cursors (
            notifier TEXT NOT NULL PRIMARY KEY,
            seq      INTEGER NOT NULL CHECK (seq >= 0)
        );
        """;

    /// <summary>
    /// Makes <paramref name="connection"/>'s file a current ledger: creates the schema in an
    /// empty file, accepts a current one, and refuses anything else with <see cref="InvalidDataException"/>.
    /// </summary>
    public static void EnsureCurrent(SqliteConnection connection, string databasePath)
    {
        var (applicationId, version, objects) = Inspect(connection);
        if (applicationId == 0 && objects == 0)
        {
            Create(connection);
            (applicationId, version, objects) = Inspect(connection);
        }

        if (applicationId != ApplicationId)
        {
            throw new InvalidDataException(
                $"'{databasePath}' is an SQLite database but not a McpGate ledger (application_id {applicationId}, {objects} schema objects). " +
                "Point the data directory at a McpGate data folder or an empty one.");
        }

        if (version > CurrentVersion)
        {
            throw new InvalidDataException(
                $"'{databasePath}' has ledger schema version {version}, newer than this McpGate understands ({CurrentVersion}). Upgrade McpGate.");
        }

        if (version < 1)
        {
            throw new InvalidDataException($"'{databasePath}' has unknown ledger schema version {version}.");
        }

        if (version < CurrentVersion)
        {
            Migrate(connection);
        }

        var journalMode = Convert.ToString(Scalar(connection, "PRAGMA journal_mode = WAL;"), CultureInfo.InvariantCulture);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"'{databasePath}' could not be switched to WAL journaling (journal_mode is '{journalMode}').");
        }
    }

    private static void Create(SqliteConnection connection)
    {
        // WAL cannot be switched on inside a transaction, and it sticks to the file.
        Scalar(connection, "PRAGMA journal_mode = WAL;");
        using var transaction = connection.BeginTransaction(deferred: false);

        // Another process may have created the schema while we waited for the write lock.
        if (Inspect(connection) is (0, _, 0))
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = VersionOneDdl + VersionTwoDdl + VersionThreeDdl + VersionFourDdl + VersionFiveDdl +
                $"\nPRAGMA application_id = {ApplicationId};\nPRAGMA user_version = {CurrentVersion};";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Brings an older schema to the current one in one write transaction (another process may have done it meanwhile).</summary>
    private static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Inspect(connection).Version;
        var ddl = version switch
        {
            1 => VersionTwoDdl + VersionThreeDdl + VersionFourDdl + VersionFiveDdl,
            2 => VersionThreeDdl + VersionFourDdl + VersionFiveDdl,
            3 => VersionFourDdl + VersionFiveDdl,
            4 => VersionFiveDdl,
            _ => null,
        };
        if (ddl is not null)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = ddl + $"\nPRAGMA user_version = {CurrentVersion};";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// The file's application id, schema version and number of schema objects, read in one statement:
    /// one read transaction, so one snapshot. Read in three, another process creating the schema could
    /// commit between them, and its ledger then looked like a foreign database (application id 0 with
    /// 19 objects) and was refused.
    /// </summary>
    private static (long ApplicationId, long Version, long Objects) Inspect(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema);";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
