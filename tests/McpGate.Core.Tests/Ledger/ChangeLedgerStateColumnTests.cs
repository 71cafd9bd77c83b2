using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

/// <summary>
/// The state column of a real SQLite file: every state is stored as its snake_case name and read back,
/// and a column edited by hand to anything else is a damaged ledger, reported by name, never guessed.
/// </summary>
public sealed class ChangeLedgerStateColumnTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(LedgerTestDirectory.Start);
    private readonly ChangeLedger _ledger;

    public ChangeLedgerStateColumnTests() => _ledger = ChangeLedger.Open(_directory.DatabasePath, _clock);

    public static TheoryData<ChangeState, string> States => Json.WireEnumTests.ChangeStateNames;

    /// <summary>Texts a hand edit could leave in the column; none of them is a state.</summary>
    public static TheoryData<string> EditedStates => new()
    {
        "Approved", "APPROVED", "approved ", " approved", "Pending_Approval", "pending-approval", "PendingApproval", "", "3", "approved\u001b[2J",
    };

    public void Dispose()
    {
        _ledger.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [MemberData(nameof(States))]
    public async Task CreateAndTransition_EveryState_IsStoredAsItsWireNameAndReadBack(ChangeState state, string name)
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, "{}", "change.proposed", new JsonObject());
        await _ledger.TransitionAsync("chg-1", ChangeState.Proposed, state, "{}", name, new JsonObject());
        _ledger.Dispose();

        using var reopened = ChangeLedger.Open(_directory.DatabasePath, _clock);
        _directory.Scalar("SELECT state FROM changes WHERE change_id = 'chg-1';").Should().Be(name);
        (await reopened.GetChangeAsync("chg-1"))!.State.Should().Be(state);
        (await reopened.ListChangesAsync(state)).Select(c => c.ChangeId).Should().Equal("chg-1");
        (await reopened.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Open_LedgerWrittenBeforeStatesWereTyped_ReadsEveryRow()
    {
        // Rows as earlier versions wrote them: plain text through SQL, in the same spelling.
        await _ledger.CreateChangeAsync("chg-seed", ChangeState.Proposed, "{}", "change.proposed", new JsonObject());
        foreach (var row in States)
        {
            _directory.Execute($"INSERT INTO changes (change_id, state, document, created_at, updated_at) VALUES ('chg-{row[1]}', '{row[1]}', '{{}}', '2026-01-02T03:04:05.678Z', '2026-01-02T03:04:05.678Z');");
        }

        var read = await _ledger.ListChangesAsync();

        read.Where(c => c.ChangeId != "chg-seed").Select(c => (c.ChangeId, c.State))
            .Should().BeEquivalentTo(States.Select(r => ($"chg-{r[1]}", (ChangeState)r[0])));
    }

    [Theory]
    [MemberData(nameof(EditedStates))]
    public async Task GetChange_StateEditedByHand_IsADamagedLedgerNamingTheRowAndTheText(string text)
    {
        await CreateEditedAsync(text);

        var act = () => _ledger.GetChangeAsync("chg-1");

        var thrown = (await act.Should().ThrowAsync<LedgerCorruptException>()).Which;
        thrown.ChangeId.Should().Be("chg-1");
        thrown.Message.Should().Be($"the ledger is damaged: change 'chg-1' has state {Core.Text.UntrustedText.Quote(text)} in the changes table, which is not a change state "
            + "(one of proposed, proven, denied, pending_approval, approved, waiting, rejected, expired, cancelled, executing, executed, failed, verifying, verified, verification_failed, spelled exactly); "
            + "run 'mcpgate ledger verify' and restore the ledger from a backup");
        thrown.Message.Should().NotContain("\u001b", "the edited text is shown escaped");
    }

    [Theory]
    [MemberData(nameof(EditedStates))]
    public async Task Verify_StateEditedByHand_FailsNamingTheRow_EntriesStillIntact(string text)
    {
        await CreateEditedAsync(text);

        var result = await _ledger.VerifyAsync();

        result.Succeeded.Should().BeFalse();
        result.EntriesChecked.Should().Be(2, "the hash chain itself is intact");
        result.FirstBadSequence.Should().BeNull();
        result.Failure.Should().Be($"change \"chg-1\": state {Core.Text.UntrustedText.Quote(text)} in the changes table is not a change state");
    }

    [Theory]
    [MemberData(nameof(EditedStates))]
    public async Task Writes_ToARowWithAnEditedState_AreRefusedAndWriteNothing(string text)
    {
        await CreateEditedAsync(text);
        var before = await _ledger.ReadEntriesAsync();

        var transition = () => _ledger.TransitionAsync("chg-1", ChangeState.Approved, ChangeState.Executing, "{}", "executing", new JsonObject());
        var append = () => _ledger.AppendEventAsync("chg-1", ChangeState.PendingApproval, "approval.submitted", new JsonObject());
        var unique = () => _ledger.AppendUniqueEventAsync("chg-1", ChangeState.PendingApproval, "approval.submitted", new JsonObject { ["identity"] = "alice" }, ["identity"]);

        await transition.Should().ThrowAsync<LedgerCorruptException>();
        await append.Should().ThrowAsync<LedgerCorruptException>();
        await unique.Should().ThrowAsync<LedgerCorruptException>();
        (await _ledger.ReadEntriesAsync()).Should().BeEquivalentTo(before);
        _directory.Scalar("SELECT state FROM changes WHERE change_id = 'chg-1';").Should().Be(text);
    }

    [Fact]
    public async Task ListByState_OtherRowEditedByHand_StillListsTheGoodRows_ListingAllRefuses()
    {
        await CreateEditedAsync("Approved");
        await _ledger.CreateChangeAsync("chg-2", ChangeState.PendingApproval, "{}", "change.proposed", new JsonObject());

        (await _ledger.ListChangesAsync(ChangeState.PendingApproval)).Select(c => c.ChangeId).Should().Equal("chg-2");
        (await _ledger.ListChangesAsync(ChangeState.Approved)).Should().BeEmpty("'Approved' is not 'approved'");
        var all = () => _ledger.ListChangesAsync();
        (await all.Should().ThrowAsync<LedgerCorruptException>()).Which.ChangeId.Should().Be("chg-1");
    }

    private async Task CreateEditedAsync(string text)
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.PendingApproval, "{}", "change.proposed", new JsonObject());
        await _ledger.TransitionAsync("chg-1", ChangeState.PendingApproval, ChangeState.Approved, "{}", "approved", new JsonObject());
        using var connection = _directory.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE changes SET state = $state WHERE change_id = 'chg-1';";
        command.Parameters.AddWithValue("$state", text);
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }
}
