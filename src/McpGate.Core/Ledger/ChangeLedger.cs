using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Ledger;

/// <summary>
/// The change store and the hash-chained ledger, in one SQLite database in the data
/// directory. The long-running server and short CLI processes on the same host each open
/// their own instance on the same file; SQLite's locks keep them consistent.
/// </summary>
/// <remarks>
/// <para>WAL journaling, <c>synchronous=FULL</c> (an acknowledged commit survives power
/// loss), a 5 s busy timeout and foreign keys. Each operation takes its own connection
/// from the pool. Every write runs in one <c>BEGIN IMMEDIATE</c> transaction: the write lock is
/// taken before anything is read, so concurrent writers (threads or processes) queue up and
/// never deadlock upgrading a read lock, and a state check followed by its update is atomic.
/// That is what makes "execute exactly once" hold across processes.</para>
/// <para>The entry hash is defined in <see cref="LedgerEntryHash"/>.</para>
/// </remarks>
public sealed partial class ChangeLedger : IDisposable
{
    /// <summary>SQLITE_NOTADB: the file is not an SQLite database.</summary>
    private const int SqliteNotADatabase = 26;

    /// <summary>SQLITE_CORRUPT.</summary>
    private const int SqliteCorrupt = 11;

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private volatile bool _disposed;

    private ChangeLedger(string databasePath, string connectionString, TimeProvider timeProvider)
    {
        DatabasePath = databasePath;
        _connectionString = connectionString;
        _timeProvider = timeProvider;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens the ledger at <paramref name="databasePath"/>, creating the file and its schema
    /// if the file does not exist (its folder must). Throws <see cref="DirectoryNotFoundException"/>
    /// when the folder is missing, <see cref="InvalidDataException"/> when the file is not a
    /// McpGate ledger and <see cref="LedgerStorageException"/> when the disk is full or read-only.
    /// </summary>
    public static ChangeLedger Open(string databasePath, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var fullPath = Path.GetFullPath(databasePath);
        var folder = Path.GetDirectoryName(fullPath);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot open the ledger '{fullPath}': its folder '{folder}' does not exist. Create the data directory first.");
        }

        if (Directory.Exists(fullPath))
        {
            throw new InvalidDataException($"Cannot open the ledger '{fullPath}': it is a folder, not a database file.");
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = LedgerSchema.BusyTimeoutSeconds,
        };

        // Only CreateNew creates the file, whole: no connection opened later starts an empty
        // ledger in place of one that vanished.
        var ledger = new ChangeLedger(fullPath, builder.ToString(), timeProvider);
        try
        {
            if (!File.Exists(fullPath))
            {
                CreateNew(fullPath);
            }

            using (var connection = ledger.OpenConnection())
            {
                LedgerSchema.EnsureCurrent(connection, fullPath);
            }

            return ledger;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            ledger.Dispose();
            throw new InvalidDataException(
                $"'{fullPath}' is not a McpGate ledger: SQLite cannot read it as a database ({e.Message}). " +
                "Point the data directory elsewhere or move the file away.",
                e);
        }
        catch (SqliteException e) when (LedgerStorageFaults.Classify(e, fullPath) is { } condition)
        {
            ledger.Dispose();
            throw new LedgerStorageException(condition, fullPath, e);
        }
        catch
        {
            ledger.Dispose();
            throw;
        }
    }

    /// <summary>Returns the pool's idle connections to the OS; the file stays as it is.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// Builds a new ledger beside <paramref name="fullPath"/> and links it into place whole, so a
    /// file at the ledger's path always holds the schema: a reader (the CLI while a server starts)
    /// never finds an empty file, which it must take for a truncated ledger. If another process
    /// linked its ledger first, that one is kept and this one dropped.
    /// </summary>
    internal static void CreateNew(string fullPath)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.creating");
        try
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = temporary,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            };
            using (var connection = new SqliteConnection(builder.ToString()))
            {
                // A file of its own, so no busy timeout.
                connection.Open();
                LedgerSchema.EnsureCurrent(connection, temporary);

                // Everything into the file itself before it is linked: its WAL keeps its own name. A
                // checkpoint that cannot write (a full disk) fails here, not silently at close.
                using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                checkpoint.ExecuteNonQuery();
            }

            // A move that must not replace is a hard link on Linux: atomic, and it fails if the
            // path exists.
            File.Move(temporary, fullPath, overwrite: false);
        }
        catch (SqliteException e) when (LedgerStorageFaults.Classify(e, temporary) is { } condition)
        {
            // Named while the file it happened to still exists (a full disk is told apart by it).
            throw new LedgerStorageException(condition, fullPath, e);
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            // Another opener linked its ledger first; open that one.
        }
        finally
        {
            foreach (var file in new[] { temporary, temporary + "-wal", temporary + "-shm" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Left behind in a folder that vanished or turned read-only; the error that matters is above.
                }
            }
        }
    }

    /// <summary>A configured connection, as every operation uses (tests query its pragmas).</summary>
    internal SqliteConnection OpenConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            EnsureStillThere();
            return connection;
        }
        catch (SqliteException e) when (LedgerStorageFaults.Classify(e, DatabasePath) is { } condition)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw RecordFault(condition, e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void ValidateDocument(string documentJson)
    {
        ArgumentNullException.ThrowIfNull(documentJson);
        try
        {
            using var document = JsonDocument.Parse(documentJson);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The change document is not valid JSON: {e.Message}", nameof(documentJson), e);
        }
    }
}
