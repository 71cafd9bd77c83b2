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
