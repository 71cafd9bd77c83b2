using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Testing.Logging;

namespace McpGate.Core.Tests.Engine;

public sealed class LedgerFaultReporterTests
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    public static TheoryData<int, int> Backoffs => new()
    {
        { 1, 500 },
        { 2, 1000 },
        { 3, 2000 },
        { 6, 16000 },
        { 7, 30000 },
        { 1000, 30000 },
    };

    [Theory]
    [MemberData(nameof(Backoffs))]
    public void Backoff_FailedPasses_DoublesUpToTheLimit(int failedPasses, int expectedMilliseconds)
    {
        LedgerFaultReporter.Backoff(s_poll, s_limit, failedPasses).Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    [Fact]
    public void AfterPass_FaultThenRecovery_LogsOnceEachAndResetsTheBackoff()
    {
        var log = new LogCollector<LedgerFaultReporterTests>();
        var reporter = new LedgerFaultReporter(log, s_poll, s_limit);
        var full = new LedgerStorageException(LedgerStorageCondition.Full, "/d/mcpgate.db");

        var delays = Enumerable.Range(0, 10).Select(_ => reporter.AfterPass(full)).ToList();
        var afterRecovery = reporter.AfterPass(null);
        var healthy = reporter.AfterPass(null);

        delays.Should().BeInAscendingOrder().And.HaveElementAt(0, s_poll).And.HaveElementAt(9, s_limit);
        afterRecovery.Should().Be(s_poll);
        healthy.Should().Be(s_poll);
        log.Entries.Select(e => e.EventId).Should().Equal(1101, 1102);
        log.Entries[0].Message.Should().Contain("the disk holding the ledger /d/mcpgate.db is full");
        log.Entries[1].Message.Should().Contain("/d/mcpgate.db").And.Contain("10 failed pass");
        log.Entries.Should().OnlyContain(e => e.Exception == null);
    }

    [Fact]
    public void AfterPass_ConditionChanges_LogsTheNewOneOnce()
    {
        var log = new LogCollector<LedgerFaultReporterTests>();
        var reporter = new LedgerFaultReporter(log, s_poll, s_limit);

        reporter.AfterPass(new LedgerStorageException(LedgerStorageCondition.Full, "/d/mcpgate.db"));
        reporter.AfterPass(new LedgerStorageException(LedgerStorageCondition.Full, "/d/mcpgate.db"));
        reporter.AfterPass(new LedgerStorageException(LedgerStorageCondition.Missing, "/d/mcpgate.db"));
        reporter.AfterPass(new LedgerStorageException(LedgerStorageCondition.Missing, "/d/mcpgate.db"));

        log.Entries.Should().HaveCount(2);
        log.Entries[1].Message.Should().Contain("is gone");
    }
}
