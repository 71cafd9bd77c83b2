using McpGate.Core.Ledger;

namespace McpGate.Core.Tests.Ledger;

public sealed class LedgerStorageFaultsTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();

    public LedgerStorageFaultsTests() => File.WriteAllBytes(_directory.DatabasePath, [0]);

    public void Dispose() => _directory.Dispose();

    public static TheoryData<int, int, bool, LedgerStorageCondition?> Codes => new()
    {
        // SQLITE_FULL, whatever its extended code
        { 13, 13, true, LedgerStorageCondition.Full },
        // SQLITE_READONLY and its extended codes; DBMOVED (8 | 4 << 8) is a moved or deleted file
        { 8, 8, true, LedgerStorageCondition.ReadOnly },
        { 8, 8 | (1 << 8), true, LedgerStorageCondition.ReadOnly },
        { 8, 8 | (4 << 8), true, LedgerStorageCondition.Missing },
        { 8, 8, false, LedgerStorageCondition.Missing },
        // SQLITE_CANTOPEN: missing file, or one that cannot be opened for writing
        { 14, 14, false, LedgerStorageCondition.Missing },
        { 14, 14, true, LedgerStorageCondition.ReadOnly },
        // SQLITE_PERM
        { 3, 3, true, LedgerStorageCondition.ReadOnly },
        // SQLITE_IOERR on a missing file
        { 10, 10 | (13 << 8), false, LedgerStorageCondition.Missing },
        // SQLITE_BUSY (write lock held past the busy timeout) and SQLITE_LOCKED
        { 5, 5, true, LedgerStorageCondition.Locked },
        { 5, 5 | (2 << 8), true, LedgerStorageCondition.Locked },
        { 6, 6, true, LedgerStorageCondition.Locked },
        // SQLITE_CORRUPT and SQLITE_NOTADB: a damaged file
        { 11, 11, true, LedgerStorageCondition.Corrupt },
        { 11, 11 | (1 << 8), true, LedgerStorageCondition.Corrupt },
        { 26, 26, true, LedgerStorageCondition.Corrupt },
        // Not storage faults: constraint, generic error
        { 19, 19 | (6 << 8), true, null },
        { 1, 1, true, null },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Classify_SqliteCode_NamesTheCondition(int code, int extended, bool fileExists, LedgerStorageCondition? expected)
    {
        var path = fileExists ? _directory.DatabasePath : Path.Combine(_directory.Path, "gone", "mcpgate.db");

        LedgerStorageFaults.Classify(code, extended, path).Should().Be(expected);
    }

    [Fact]
    public void Classify_IoErrorWithSpaceLeft_IsAnIoErrorNotAFullDisk()
    {
        var free = LedgerStorageFaults.FreeBytes(_directory.DatabasePath);
        free.Should().NotBeNull();
        if (free < LedgerStorageFaults.NearlyFullBytes)
        {
            // The test machine's own temp disk is full; the other branch is what this proves.
            LedgerStorageFaults.Classify(10, 10, _directory.DatabasePath).Should().Be(LedgerStorageCondition.Full);
            return;
        }

        LedgerStorageFaults.Classify(10, 10 | (4 << 8), _directory.DatabasePath).Should().Be(LedgerStorageCondition.IoError);
    }

    [Theory]
    [InlineData(LedgerStorageCondition.Full, "the disk holding the ledger /d/mcpgate.db is full")]
    [InlineData(LedgerStorageCondition.ReadOnly, "the ledger /d/mcpgate.db is read-only*")]
    [InlineData(LedgerStorageCondition.Missing, "the ledger /d/mcpgate.db is gone*")]
    [InlineData(LedgerStorageCondition.IoError, "the disk holding the ledger /d/mcpgate.db reported an I/O error")]
    [InlineData(LedgerStorageCondition.Locked, "the ledger /d/mcpgate.db is locked by another connection or process (waited 5 s*")]
    [InlineData(LedgerStorageCondition.Corrupt, "the ledger /d/mcpgate.db is damaged*restore it from a backup")]
    public void Message_EachCondition_NamesItAndThePath(LedgerStorageCondition condition, string expected)
    {
        var exception = new LedgerStorageException(condition, "/d/mcpgate.db");

        exception.Message.Should().Match(expected);
        exception.Condition.Should().Be(condition);
        exception.DatabasePath.Should().Be("/d/mcpgate.db");
    }
}
