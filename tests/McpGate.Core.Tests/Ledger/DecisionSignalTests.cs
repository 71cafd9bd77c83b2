using McpGate.Core.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

/// <summary>
/// The decision signal beside a ledger: raised in this process at once, written as a one-byte file only its owner can
/// read, never an error for the writer of a decision, and watched from any ledger instance on the same file.
/// </summary>
public sealed class DecisionSignalTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Announcement_RaisesTheEventInThisProcess_BeforeItReturns()
    {
        using var ledger = Open();
        var raised = 0;
        ledger.DecisionAnnounced += () => raised++;

        ledger.AnnounceDecision();
        ledger.AnnounceDecision();

        raised.Should().Be(2, "the event is raised on the announcing thread, once per announcement");
    }

    [Fact]
    public void Announcement_WritesTheSignal_ReadableByItsOwnerOnly()
    {
        using var ledger = Open();

        ledger.AnnounceDecision();

        File.GetUnixFileMode(ledger.DecisionSignalPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllBytes(ledger.DecisionSignalPath).Should().Equal(1);
        ledger.DecisionSignalPath.Should().Be(_directory.DatabasePath + ".decided");
    }

    [Fact]
    public void SignalThatCannotBeWritten_LeavesTheDecisionToThePoll_WithoutAnError()
    {
        using var ledger = Open();
        Directory.CreateDirectory(ledger.DecisionSignalPath);
        var raised = 0;
        ledger.DecisionAnnounced += () => raised++;

        var announce = ledger.AnnounceDecision;

        announce.Should().NotThrow("a decision is committed before it is announced; the signal is only a hint");
        raised.Should().Be(1, "this process is still told");
        Directory.Exists(ledger.DecisionSignalPath).Should().BeTrue();
    }

    [Fact]
    public async Task Watch_SeesEveryLaterAnnouncement_OfAnotherInstance_OnAnExistingSignal()
    {
        using var watched = Open();
        using var writer = Open();
        writer.AnnounceDecision();
        var woken = 0;
        using var watch = watched.WatchDecisions(() => Interlocked.Increment(ref woken));
        watch.Should().NotBeNull("this machine can watch files");

        for (var round = 1; round <= 3; round++)
        {
            var before = Volatile.Read(ref woken);
            writer.AnnounceDecision();
            await Poll.UntilAsync(() => Volatile.Read(ref woken) > before, $"announcement {round}, rewriting a signal that already existed, was seen");
        }
    }

    [Fact]
    public void Watch_WhenTheLedgerFolderIsGone_IsNull_SoThePollAloneFindsDecisions()
    {
        using var ledger = Open();
        Directory.Delete(_directory.Path, recursive: true);

        using var watch = ledger.WatchDecisions(() => { });

        watch.Should().BeNull();
        Directory.CreateDirectory(_directory.Path);
    }

    [Fact]
    public void Watch_WithoutACallback_IsRefused()
    {
        using var ledger = Open();

        var watch = () => ledger.WatchDecisions(null!);

        watch.Should().Throw<ArgumentNullException>().WithParameterName("onDecision");
    }

    private ChangeLedger Open() => ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
}
