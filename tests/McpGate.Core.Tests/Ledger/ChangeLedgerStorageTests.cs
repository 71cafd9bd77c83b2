using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

/// <summary>Real storage faults on a real SQLite file: each comes out named, with the path, and nothing is half-written.</summary>
public sealed class ChangeLedgerStorageTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(LedgerTestDirectory.Start);
    private readonly ChangeLedger _ledger;

    public ChangeLedgerStorageTests()
    {
        _ledger = ChangeLedger.Open(_directory.DatabasePath, _clock);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Write_QueryOnly_ThrowsReadOnlyNamingThePath_AndRecovers()
    {
        await CreateAsync("chg-1");
        _ledger.ExtraConnectionPragmas = "PRAGMA query_only = ON;";

        var act = () => CreateAsync("chg-2");

        (await act.Should().ThrowAsync<LedgerStorageException>())
            .Which.Should().Match<LedgerStorageException>(e => e.Condition == LedgerStorageCondition.ReadOnly && e.Message.Contains(_directory.DatabasePath));
        _ledger.StorageFault!.Condition.Should().Be(LedgerStorageCondition.ReadOnly);
        (await _ledger.ListChangesAsync()).Select(c => c.ChangeId).Should().Equal("chg-1");

        _ledger.ExtraConnectionPragmas = "PRAGMA query_only = OFF;";
        await CreateAsync("chg-2");

        _ledger.StorageFault.Should().BeNull();
        (await _ledger.VerifyAsync()).Succeeded.Should().BeTrue();
        (await _ledger.ReadEntriesAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task Create_DatabaseAtMaxPageCount_ThrowsFull_WritesNothing_AndRecovers()
    {
        var pages = Convert.ToInt64(_directory.Scalar("PRAGMA page_count;"), System.Globalization.CultureInfo.InvariantCulture);
        _ledger.ExtraConnectionPragmas = $"PRAGMA max_page_count = {pages};";

        // A document bigger than a page needs new (overflow) pages: the database is "full".
        var act = () => CreateAsync("chg-1", new string('x', 20_000));

        (await act.Should().ThrowAsync<LedgerStorageException>())
            .Which.Should().Match<LedgerStorageException>(e => e.Condition == LedgerStorageCondition.Full && e.Message == $"the disk holding the ledger {_directory.DatabasePath} is full");
        (await _ledger.ListChangesAsync()).Should().BeEmpty();
        (await _ledger.ReadEntriesAsync()).Should().BeEmpty();

        _ledger.ExtraConnectionPragmas = "PRAGMA max_page_count = 1073741823;";
        await CreateAsync("chg-1", new string('x', 20_000));
        _ledger.StorageFault.Should().BeNull();
        (await _ledger.ReadEntriesAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task Write_DataDirectoryMovedAway_ThrowsMissing_WithoutRecreatingIt_AndRecoversWhenBack()
    {
        await CreateAsync("chg-1");
        var away = _directory.Path + "-away";
        Directory.Move(_directory.Path, away);
        try
        {
            var write = () => CreateAsync("chg-2");
            var read = () => _ledger.ListChangesAsync();

            (await write.Should().ThrowAsync<LedgerStorageException>()).Which.Condition.Should().Be(LedgerStorageCondition.Missing);
            (await read.Should().ThrowAsync<LedgerStorageException>()).Which.Message.Should().Contain(_directory.DatabasePath).And.Contain("is gone");
            Directory.Exists(_directory.Path).Should().BeFalse("a vanished ledger must not be replaced by an empty one");
        }
        finally
        {
            Directory.Move(away, _directory.Path);
        }

        await CreateAsync("chg-2");
        (await _ledger.ListChangesAsync()).Should().HaveCount(2);
        (await _ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Write_LedgerFileDeleted_ThrowsMissing_AndDoesNotStartAnEmptyLedger()
    {
        await CreateAsync("chg-1");
        foreach (var file in Directory.EnumerateFiles(_directory.Path))
        {
            File.Delete(file);
        }

        var write = () => CreateAsync("chg-2");
        var again = () => CreateAsync("chg-3");

        (await write.Should().ThrowAsync<LedgerStorageException>()).Which.Condition.Should().Be(LedgerStorageCondition.Missing);
        (await again.Should().ThrowAsync<LedgerStorageException>()).Which.Condition.Should().Be(LedgerStorageCondition.Missing);
        File.Exists(_directory.DatabasePath).Should().BeFalse();
    }

    [TmpfsFact]
    public async Task Open_FullDisk_ThrowsFullNamingThePath()
    {
        using var disk = TmpfsMount.Create(512 * 1024);
        var path = disk.Combine("mcpgate.db");
        ChangeLedger.Open(path, _clock).Dispose();
        disk.Fill();

        var act = () => ChangeLedger.Open(path, _clock);

        act.Should().Throw<LedgerStorageException>()
            .Which.Message.Should().Be($"the disk holding the ledger {path} is full");
        disk.Free();
        using var ledger = ChangeLedger.Open(path, _clock);
        (await ledger.ListChangesAsync()).Should().BeEmpty();
    }

    /// <summary>
    /// However little space is left, a new ledger is either made whole (the schema in the file at its
    /// path, whatever SQLite could not checkpoint) or refused as a full disk with nothing left behind.
    /// </summary>
    [TmpfsFact]
    public async Task Open_NewLedgerOnAnAlmostFullDisk_IsWholeOrRefused_NeverHalfMade()
    {
        using var disk = TmpfsMount.Create(1024 * 1024);
        var outcomes = new List<string>();
        for (var free = 0; free <= 320 * 1024; free += 8 * 1024)
        {
            var path = disk.Combine($"ledger-{free}.db");
            disk.FillLeaving(free);
            try
            {
                using (ChangeLedger.Open(path, _clock))
                {
                }

                outcomes.Add("made");
                disk.Free();
                using var ledger = ChangeLedger.Open(path, _clock);
                (await ledger.ListChangesAsync()).Should().BeEmpty();
                Directory.EnumerateFiles(disk.Path).Select(Path.GetFileName).Where(f => f!.Contains(".creating", StringComparison.Ordinal))
                    .Should().BeEmpty($"{free} bytes free");
            }
            catch (LedgerStorageException e)
            {
                outcomes.Add("refused");
                e.Condition.Should().Be(LedgerStorageCondition.Full, $"{free} bytes free");
                disk.Free();
                Directory.EnumerateFiles(disk.Path).Select(Path.GetFileName).Where(f => f != ".filler" && f!.Contains(Path.GetFileName(path) + ".", StringComparison.Ordinal))
                    .Should().BeEmpty($"{free} bytes free: a refused ledger leaves no file of its making");
                File.Exists(path).Should().BeFalse($"{free} bytes free");
            }
            finally
            {
                disk.Free();
                foreach (var file in Directory.EnumerateFiles(disk.Path))
                {
                    File.Delete(file);
                }
            }
        }

        outcomes.Should().Contain("made").And.Contain("refused", "the sweep must cross from too little space to enough");
    }

    [TmpfsFact]
    public async Task Write_DiskFillsWhileOpen_ThrowsFull_AndRecoversWhenSpaceReturns()
    {
        using var disk = TmpfsMount.Create(1024 * 1024);
        using var ledger = ChangeLedger.Open(disk.Combine("mcpgate.db"), _clock);
        await ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, """{"n":1}""", "proposed", new JsonObject());
        disk.Fill();

        var act = () => ledger.CreateChangeAsync("chg-2", ChangeState.Proposed, $$"""{"n":"{{new string('x', 20_000)}}"}""", "proposed", new JsonObject());

        (await act.Should().ThrowAsync<LedgerStorageException>()).Which.Condition.Should().Be(LedgerStorageCondition.Full);
        disk.Free();
        await ledger.CreateChangeAsync("chg-2", ChangeState.Proposed, """{"n":2}""", "proposed", new JsonObject());
        ledger.StorageFault.Should().BeNull();
        (await ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [TmpfsFact]
    public void Open_ReadOnlyFileSystem_ThrowsReadOnlyNamingThePath()
    {
        using var disk = TmpfsMount.Create(1024 * 1024);
        var path = disk.Combine("mcpgate.db");
        ChangeLedger.Open(path, _clock).Dispose();
        disk.MakeReadOnly();

        var act = () => ChangeLedger.Open(path, _clock);

        act.Should().Throw<LedgerStorageException>()
            .Which.Should().Match<LedgerStorageException>(e => e.Condition == LedgerStorageCondition.ReadOnly && e.Message.Contains(path));
    }

    private Task<LedgerEntry> CreateAsync(string id, string filler = "") =>
        _ledger.CreateChangeAsync(id, ChangeState.Proposed, $$"""{"filler":"{{filler}}"}""", "proposed", new JsonObject { ["id"] = id });
}
