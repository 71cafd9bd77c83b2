using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

/// <summary>
/// A notifier's cursor moves with the attempt that ends a delivery, in one transaction: a gate stopped between the
/// two would otherwise send the entry again after its restart.
/// </summary>
public sealed class NotificationAttemptLedgerTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(NotificationAttempt.Delivered)]
    [InlineData(NotificationAttempt.GaveUp)]
    public async Task AttemptThatEndsADelivery_MovesTheCursorToItsEntry(string outcome)
    {
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        await ledger.SaveNotificationCursorAsync("chat", 4);

        await ledger.AppendNotificationAttemptAsync(Attempt("chat", sequence: 7, outcome));

        (await ledger.ReadNotificationCursorAsync("chat")).Should().Be(7);
        (await ledger.ReadNotificationCursorAsync("pager")).Should().BeNull("another notifier's cursor is its own");
    }

    [Fact]
    public async Task FailedAttempt_LeavesTheCursor_SoTheEntryIsTriedAgain()
    {
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        await ledger.SaveNotificationCursorAsync("chat", 4);

        await ledger.AppendNotificationAttemptAsync(Attempt("chat", sequence: 7, NotificationAttempt.Failed));

        (await ledger.ReadNotificationCursorAsync("chat")).Should().Be(4);
        (await ledger.ListNotificationAttemptsAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task AttemptForAnEarlierEntry_NeverMovesTheCursorBack()
    {
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        await ledger.SaveNotificationCursorAsync("chat", 9);

        await ledger.AppendNotificationAttemptAsync(Attempt("chat", sequence: 7, NotificationAttempt.Delivered));

        (await ledger.ReadNotificationCursorAsync("chat")).Should().Be(9);
    }

    [Fact]
    public async Task CursorThatCannotMove_TakesTheAttemptWithIt()
    {
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        await ledger.SaveNotificationCursorAsync("chat", 4);
        _directory.Execute("""
            CREATE TRIGGER refuse_cursor BEFORE UPDATE ON notification_cursors
            BEGIN SELECT RAISE(ABORT, 'cursor refused by the test'); END;
            """);

        var append = () => ledger.AppendNotificationAttemptAsync(Attempt("chat", sequence: 7, NotificationAttempt.Delivered));

        await append.Should().ThrowAsync<Microsoft.Data.Sqlite.SqliteException>().WithMessage("*cursor refused by the test*");
        (await ledger.ListNotificationAttemptsAsync()).Should().BeEmpty("the attempt and the cursor commit together or not at all");
        (await ledger.ReadNotificationCursorAsync("chat")).Should().Be(4);
    }

    [Fact]
    public async Task Attempts_RoundTrip_EveryColumn_WithAndWithoutStatusAndError_FilteredByChange()
    {
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        var failed = Attempt("chat", sequence: 3, NotificationAttempt.Failed) with { ErrorText = "HTTP 503: busy", Status = 503, Attempt = 2 };
        var unreachable = Attempt("pager", sequence: 3, NotificationAttempt.Failed) with { ErrorText = "connection refused", Status = null };
        var delivered = Attempt("chat", sequence: 5, NotificationAttempt.Delivered) with { ChangeId = "chg-1111111111111", Event = "verified" };
        foreach (var attempt in new[] { failed, unreachable, delivered })
        {
            await ledger.AppendNotificationAttemptAsync(attempt);
        }

        var all = await ledger.ListNotificationAttemptsAsync();
        var ofOne = await ledger.ListNotificationAttemptsAsync("chg-1111111111111");

        all.Should().BeEquivalentTo(new[] { failed, unreachable, delivered }, o => o.Excluding(a => a.Id).WithStrictOrdering());
        all.Select(a => a.Id).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        all[0].Status.Should().Be(503);
        all[0].ErrorText.Should().Be("HTTP 503: busy");
        all[1].Status.Should().BeNull("no HTTP answer came");
        all[2].ErrorText.Should().BeNull();
        ofOne.Should().ContainSingle().Which.Event.Should().Be("verified");
    }

    [Fact]
    public async Task LastSequence_AndEntryBatches_ReadInOrder_AfterTheGivenEntry_UpToTheLimit()
    {
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        (await ledger.ReadLastSequenceAsync()).Should().Be(0, "an empty ledger has no entry");
        (await ledger.ReadEntryBatchAsync(0, 10)).Should().BeEmpty();
        for (var i = 1; i <= 5; i++)
        {
            await ledger.CreateChangeAsync($"chg-{i}", ChangeState.Proposed, "{}", "change.proposed", new JsonObject { ["i"] = i });
        }

        (await ledger.ReadLastSequenceAsync()).Should().Be(5);
        (await ledger.ReadEntryBatchAsync(1, 2)).Select(e => (e.Sequence, e.ChangeId)).Should().Equal((2, "chg-2"), (3, "chg-3"));
        (await ledger.ReadEntryBatchAsync(3, 10)).Select(e => e.Sequence).Should().Equal(4, 5);
        (await ledger.ReadEntryBatchAsync(5, 10)).Should().BeEmpty();
        var noLimit = () => ledger.ReadEntryBatchAsync(0, 0);
        await noLimit.Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("limit");
    }

    [Fact]
    public async Task BadArguments_AreRefused_BeforeTheLedgerIsTouched()
    {
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));

        await ((Func<Task>)(() => ledger.SaveNotificationCursorAsync("", 1))).Should().ThrowAsync<ArgumentException>().WithParameterName("notifier");
        await ((Func<Task>)(() => ledger.SaveNotificationCursorAsync("chat", -1))).Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("sequence");
        await ((Func<Task>)(() => ledger.ReadNotificationCursorAsync(""))).Should().ThrowAsync<ArgumentException>().WithParameterName("notifier");
        await ((Func<Task>)(() => ledger.AppendNotificationAttemptAsync(null!))).Should().ThrowAsync<ArgumentNullException>().WithParameterName("attempt");
        _directory.Scalar("SELECT count(*) FROM notification_cursors;").Should().Be(0L);
        (await ledger.ListNotificationAttemptsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task LockedLedger_CursorAndAttempt_FailAsStorageFaults_AndWriteNothing()
    {
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        await ledger.SaveNotificationCursorAsync("chat", 4);
        using (var holder = _directory.OpenRawConnection())
        {
            using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();

            var save = () => ledger.SaveNotificationCursorAsync("chat", 9);
            var append = () => ledger.AppendNotificationAttemptAsync(Attempt("chat", sequence: 9, NotificationAttempt.Delivered));

            (await save.Should().ThrowAsync<LedgerStorageException>()).Which.Condition.Should().Be(LedgerStorageCondition.Locked);
            (await append.Should().ThrowAsync<LedgerStorageException>()).Which.Condition.Should().Be(LedgerStorageCondition.Locked);
        }

        (await ledger.ReadNotificationCursorAsync("chat")).Should().Be(4);
        (await ledger.ListNotificationAttemptsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task AttemptRowWithAnEditedTime_IsReported_NamingTheRowAndTheTime()
    {
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        await ledger.AppendNotificationAttemptAsync(Attempt("chat", sequence: 3, NotificationAttempt.Failed));
        _directory.Execute("UPDATE notification_attempts SET time = 'yesterday';");

        var list = () => ledger.ListNotificationAttemptsAsync();

        (await list.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("row 1").And.Contain("'yesterday'").And.Contain("edited outside the gate");
    }

    private static NotificationAttempt Attempt(string notifier, long sequence, string outcome) => new()
    {
        DeliveryId = $"{sequence}.{notifier}",
        Notifier = notifier,
        ChangeId = "chg-0000000000000",
        Sequence = sequence,
        Event = "pending",
        Attempt = 1,
        Outcome = outcome,
        Status = outcome == NotificationAttempt.Delivered ? 200 : 500,
        ErrorText = outcome == NotificationAttempt.Delivered ? null : "HTTP 500",
        Time = LedgerTestDirectory.Start,
    };
}
