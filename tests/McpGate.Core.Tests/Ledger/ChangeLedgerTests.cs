using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

public sealed class ChangeLedgerTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(LedgerTestDirectory.Start);
    private readonly ChangeLedger _ledger;

    public ChangeLedgerTests() => _ledger = ChangeLedger.Open(_directory.DatabasePath, _clock);

    public void Dispose()
    {
        _ledger.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task CreateChangeAsync_NewId_StoresChangeAndFirstEntry()
    {
        var entry = await _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, """{"tool":"scale"}""", "change.proposed", new JsonObject { ["b"] = 2, ["a"] = 1 });

        entry.Should().BeEquivalentTo(new
        {
            Sequence = 1L,
            ChangeId = "chg-1",
            EventType = "change.proposed",
            PayloadJson = """{"a":1,"b":2}""",
            Time = LedgerTestDirectory.Start,
            PreviousHash = LedgerEntryHash.Genesis,
        });
        var change = await _ledger.GetChangeAsync("chg-1");
        change.Should().Be(new StoredChange
        {
            ChangeId = "chg-1",
            State = ChangeState.Proposed,
            DocumentJson = """{"tool":"scale"}""",
            CreatedAt = LedgerTestDirectory.Start,
            UpdatedAt = LedgerTestDirectory.Start,
        });
        (await _ledger.ReadEntriesAsync()).Should().ContainSingle().Which.Should().Be(entry);
    }

    [Fact]
    public async Task CreateChangeAsync_ExistingId_ThrowsAndWritesNothing()
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, "{}", "change.proposed", new JsonObject());

        var act = () => _ledger.CreateChangeAsync("chg-1", ChangeState.Proven, """{"x":1}""", "change.proposed", new JsonObject());

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*chg-1*already exists*");
        (await _ledger.ReadEntriesAsync()).Should().HaveCount(1);
        (await _ledger.GetChangeAsync("chg-1"))!.State.Should().Be(ChangeState.Proposed);
    }

    [Fact]
    public async Task CreateChangeAsync_DocumentNotJson_ThrowsArgumentException()
    {
        var act = () => _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, "{not json", "change.proposed", new JsonObject());

        await act.Should().ThrowAsync<ArgumentException>().WithParameterName("documentJson");
        (await _ledger.ListChangesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task TransitionAsync_ExpectedState_UpdatesChangeAndAppendsEntry()
    {
        var created = await _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, "{}", "change.proposed", new JsonObject());
        _clock.Advance(TimeSpan.FromSeconds(3));

        var entry = await _ledger.TransitionAsync("chg-1", ChangeState.Proposed, ChangeState.Proven, """{"proof":"sha256:ab"}""", "change.proven", new JsonObject { ["digest"] = "sha256:ab" });

        entry.Sequence.Should().Be(2);
        entry.PreviousHash.Should().Be(created.EntryHash);
        entry.Time.Should().Be(LedgerTestDirectory.Start.AddSeconds(3));
        var change = await _ledger.GetChangeAsync("chg-1");
        change!.State.Should().Be(ChangeState.Proven);
        change.DocumentJson.Should().Be("""{"proof":"sha256:ab"}""");
        change.CreatedAt.Should().Be(LedgerTestDirectory.Start);
        change.UpdatedAt.Should().Be(LedgerTestDirectory.Start.AddSeconds(3));
    }

    [Fact]
    public async Task TransitionAsync_UnexpectedState_ThrowsConflictAndWritesNothing()
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.PendingApproval, """{"v":1}""", "change.proposed", new JsonObject());
        _clock.Advance(TimeSpan.FromSeconds(1));

        var act = () => _ledger.TransitionAsync("chg-1", ChangeState.Approved, ChangeState.Executing, """{"v":2}""", "change.executing", new JsonObject());

        var thrown = await act.Should().ThrowAsync<ChangeStateConflictException>();
        thrown.Which.ChangeId.Should().Be("chg-1");
        thrown.Which.ExpectedState.Should().Be(ChangeState.Approved);
        thrown.Which.ActualState.Should().Be(ChangeState.PendingApproval);
        thrown.Which.Message.Should().Contain("'pending_approval'").And.Contain("'approved'");
        (await _ledger.ReadEntriesAsync()).Should().HaveCount(1);
        (await _ledger.GetChangeAsync("chg-1")).Should().BeEquivalentTo(new
        {
            State = ChangeState.PendingApproval,
            DocumentJson = """{"v":1}""",
            UpdatedAt = LedgerTestDirectory.Start,
        });
    }

    [Fact]
    public async Task TransitionAsync_UnknownChange_ThrowsConflictWithNoActualState()
    {
        var act = () => _ledger.TransitionAsync("chg-missing", ChangeState.Approved, ChangeState.Executing, "{}", "change.executing", new JsonObject());

        var thrown = await act.Should().ThrowAsync<ChangeStateConflictException>().WithMessage("*chg-missing*does not exist*");
        thrown.Which.ActualState.Should().BeNull();
        (await _ledger.ReadEntriesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task AppendEventAsync_RequiredState_AppendsWithoutChangingTheChange()
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.PendingApproval, """{"v":1}""", "change.proposed", new JsonObject());
        _clock.Advance(TimeSpan.FromMinutes(1));

        var entry = await _ledger.AppendEventAsync("chg-1", ChangeState.PendingApproval, "approval.submitted", new JsonObject { ["approver"] = "alice" });

        entry.Sequence.Should().Be(2);
        entry.PayloadJson.Should().Be("""{"approver":"alice"}""");
        (await _ledger.GetChangeAsync("chg-1")).Should().BeEquivalentTo(new
        {
            State = ChangeState.PendingApproval,
            DocumentJson = """{"v":1}""",
            UpdatedAt = LedgerTestDirectory.Start,
        });
    }

    [Fact]
    public async Task AppendEventAsync_OtherState_ThrowsConflictAndWritesNothing()
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.Expired, "{}", "change.proposed", new JsonObject());

        var act = () => _ledger.AppendEventAsync("chg-1", ChangeState.PendingApproval, "approval.submitted", new JsonObject());

        (await act.Should().ThrowAsync<ChangeStateConflictException>()).Which.ActualState.Should().Be(ChangeState.Expired);
        (await _ledger.ReadEntriesAsync()).Should().HaveCount(1);
    }

    [Fact]
    public async Task ListChangesAsync_SeveralChanges_ReturnsNewestFirstAndFiltersByState()
    {
        await _ledger.CreateChangeAsync("chg-a", ChangeState.PendingApproval, "{}", "change.proposed", new JsonObject());
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _ledger.CreateChangeAsync("chg-b", ChangeState.Denied, "{}", "change.proposed", new JsonObject());
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _ledger.CreateChangeAsync("chg-c", ChangeState.PendingApproval, "{}", "change.proposed", new JsonObject());
        // Same millisecond as chg-c: insertion order breaks the tie.
        await _ledger.CreateChangeAsync("chg-d", ChangeState.PendingApproval, "{}", "change.proposed", new JsonObject());

        (await _ledger.ListChangesAsync()).Select(c => c.ChangeId).Should().Equal("chg-d", "chg-c", "chg-b", "chg-a");
        (await _ledger.ListChangesAsync(ChangeState.PendingApproval)).Select(c => c.ChangeId).Should().Equal("chg-d", "chg-c", "chg-a");
        (await _ledger.ListChangesAsync(ChangeState.Verified)).Should().BeEmpty();
    }

    [Fact]
    public async Task GetChangeAsync_UnknownId_ReturnsNull()
    {
        (await _ledger.GetChangeAsync("nope")).Should().BeNull();
    }

    [Fact]
    public async Task ReadEntriesAsync_AfterSequenceAndChangeId_ReturnsMatchingEntriesAscending()
    {
        await _ledger.CreateChangeAsync("chg-a", ChangeState.Proposed, "{}", "change.proposed", new JsonObject());
        await _ledger.CreateChangeAsync("chg-b", ChangeState.Proposed, "{}", "change.proposed", new JsonObject());
        await _ledger.TransitionAsync("chg-a", ChangeState.Proposed, ChangeState.Proven, "{}", "change.proven", new JsonObject());
        await _ledger.TransitionAsync("chg-b", ChangeState.Proposed, ChangeState.Proven, "{}", "change.proven", new JsonObject());

        (await _ledger.ReadEntriesAsync(afterSequence: 2)).Select(e => e.Sequence).Should().Equal(3, 4);
        (await _ledger.ReadEntriesAsync(changeId: "chg-a")).Select(e => e.Sequence).Should().Equal(1, 3);
        (await _ledger.ReadEntriesAsync(afterSequence: 1, changeId: "chg-a")).Select(e => e.Sequence).Should().Equal(3);
        (await _ledger.ReadEntriesAsync(afterSequence: 4)).Should().BeEmpty();
    }

    [Fact]
    public async Task ReadEntriesAsync_SeveralWrites_EntriesFormAChain()
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, "{}", "change.proposed", new JsonObject());
        await _ledger.TransitionAsync("chg-1", ChangeState.Proposed, ChangeState.Proven, "{}", "change.proven", new JsonObject());
        await _ledger.TransitionAsync("chg-1", ChangeState.Proven, ChangeState.PendingApproval, "{}", "policy.allowed", new JsonObject());
        await _ledger.AppendEventAsync("chg-1", ChangeState.PendingApproval, "approval.submitted", new JsonObject { ["n"] = 1 });

        var entries = await _ledger.ReadEntriesAsync();

        entries.Select(e => e.Sequence).Should().Equal(1, 2, 3, 4);
        entries[0].PreviousHash.Should().Be(LedgerEntryHash.Genesis);
        for (var i = 1; i < entries.Count; i++)
        {
            entries[i].PreviousHash.Should().Be(entries[i - 1].EntryHash);
        }

        entries.Select(e => e.EntryHash).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void OpenConnection_Always_UsesWalFullSyncForeignKeysAndBusyTimeout()
    {
        using var connection = _ledger.OpenConnection();

        Pragma(connection, "journal_mode").Should().Be("wal");
        Pragma(connection, "synchronous").Should().Be("2"); // FULL
        Pragma(connection, "foreign_keys").Should().Be("1");
        Pragma(connection, "busy_timeout").Should().Be("5000");
        Pragma(connection, "user_version").Should().Be("5");
        Pragma(connection, "application_id").Should().Be(LedgerSchema.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Open_ExistingFile_KeepsEverythingAndContinuesTheChain()
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, """{"a":1}""", "change.proposed", new JsonObject());
        var last = await _ledger.TransitionAsync("chg-1", ChangeState.Proposed, ChangeState.Proven, """{"a":2}""", "change.proven", new JsonObject());
        var before = await _ledger.ReadEntriesAsync();
        _ledger.Dispose();

        using var reopened = ChangeLedger.Open(_directory.DatabasePath, _clock);

        reopened.DatabasePath.Should().Be(_directory.DatabasePath);
        (await reopened.ReadEntriesAsync()).Should().Equal(before);
        (await reopened.GetChangeAsync("chg-1"))!.DocumentJson.Should().Be("""{"a":2}""");
        var next = await reopened.TransitionAsync("chg-1", ChangeState.Proven, ChangeState.PendingApproval, "{}", "policy.allowed", new JsonObject());
        next.Sequence.Should().Be(3);
        next.PreviousHash.Should().Be(last.EntryHash);
        (await reopened.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Operations_AfterDispose_ThrowObjectDisposed()
    {
        _ledger.Dispose();

        var act = () => _ledger.GetChangeAsync("chg-1");

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }

    private static string? Pragma(Microsoft.Data.Sqlite.SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
