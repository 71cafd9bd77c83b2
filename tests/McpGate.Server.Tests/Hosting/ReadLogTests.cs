using System.Text.Json;
using McpGate.Core.Ledger;
using McpGate.Server.Hosting;
using McpGate.Testing.Files;
using McpGate.Testing.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tests.Hosting;

/// <summary>The read log's queue and writer on a real SQLite ledger: nothing queued is lost on a stop, a full queue and a failed write are counted, logged and marked, and never reach the read.</summary>
public sealed class ReadLogTests : IDisposable
{
    private static readonly DateTimeOffset s_time = new(2026, 12, 1, 4, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new("mcpgate-readlog-");
    private readonly LogCollector<ReadLog> _log = new();
    private readonly ChangeLedger _ledger;

    public ReadLogTests() => _ledger = ChangeLedger.Open(_directory.Combine("mcpgate.db"), TimeProvider.System);

    public void Dispose()
    {
        _ledger.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task CompleteAsync_ManyReadsQueuedWhileRunning_WritesEveryOneInOrder()
    {
        var log = new ReadLog(_ledger, TimeProvider.System, _log, new ReadLogOptions { Capacity = 5000, BatchSize = 64 });
        log.Start();

        for (var i = 0; i < 3000; i++)
        {
            log.Record(Pending(i));
        }

        await log.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var reads = await _ledger.ListReadsAsync(new ReadQuery());
        reads.Should().HaveCount(3000);
        reads.Select(r => r.Arguments).Should().Equal(Enumerable.Range(0, 3000).Reverse().Select(i => $$"""{"n":{{i}}}"""));
        _log.Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task Record_QueueFull_ReadIsNotBlocked_AndAMarkerSaysHowManyWereDropped()
    {
        var log = new ReadLog(_ledger, TimeProvider.System, _log, new ReadLogOptions { Capacity = 2 });

        for (var i = 0; i < 5; i++)
        {
            log.Record(Pending(i));
        }

        await log.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var reads = (await _ledger.ListReadsAsync(new ReadQuery())).OrderBy(r => r.Id).ToList();
        reads.Select(r => (r.Outcome, r.Dropped, r.Arguments)).Should().Equal(
            (ReadRecord.DroppedMarker, 3L, "{}"),
            (ReadRecord.Ok, 0L, """{"n":0}"""),
            (ReadRecord.Ok, 0L, """{"n":1}"""));
        _log.Entries.Should().ContainSingle(e => e.EventId == 2401).Which.Message.Should().Contain("3 read(s) were not recorded");
    }

    [Fact]
    public async Task Record_QueueFullFromManyThreads_EveryReadIsEitherStoredOrCounted()
    {
        var log = new ReadLog(_ledger, TimeProvider.System, _log, new ReadLogOptions { Capacity = 16, BatchSize = 4 });
        log.Start();

        Parallel.For(0, 2000, i => log.Record(Pending(i)));
        await log.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var reads = await _ledger.ListReadsAsync(new ReadQuery());
        var stored = reads.Count(r => r.Outcome == ReadRecord.Ok);
        var dropped = reads.Sum(r => r.Dropped);
        (stored + dropped).Should().Be(2000);
        reads.Where(r => r.Outcome == ReadRecord.Ok).Select(r => r.Arguments).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Write_LedgerLockedPastTheBusyTimeout_IsLoggedNotThrown_AndTheNextBatchMarksTheLostReads()
    {
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new ReadLog(_ledger, TimeProvider.System, new SignallingLogger(_log, 2402, failed), new ReadLogOptions { FlushInterval = TimeSpan.FromMilliseconds(20) });
        using (var blocker = new SqliteConnection($"Data Source={_ledger.DatabasePath};Pooling=False"))
        {
            blocker.Open();
            using var begin = blocker.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
            log.Start();
            log.Record(Pending(0));
            log.Record(Pending(1));
            await failed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        log.Record(Pending(2));
        await log.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(30));

        _log.Entries.Should().ContainSingle(e => e.EventId == 2402).Which.Message.Should().Contain("could not record 2 read(s)");
        var reads = (await _ledger.ListReadsAsync(new ReadQuery())).OrderBy(r => r.Id).ToList();
        reads.Select(r => (r.Outcome, r.Dropped, r.Arguments)).Should().Equal(
            (ReadRecord.DroppedMarker, 2L, "{}"),
            (ReadRecord.Ok, 0L, """{"n":2}"""));
    }

    [Fact]
    public async Task CompleteAsync_TwiceAndNeverStarted_WritesWhatWasQueuedOnce()
    {
        var log = new ReadLog(_ledger, TimeProvider.System, _log);
        log.Record(Pending(0));

        await log.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await log.DisposeAsync();
        log.Record(Pending(1));
        await log.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(30));

        (await _ledger.ListReadsAsync(new ReadQuery())).Should().ContainSingle().Which.Arguments.Should().Be("""{"n":0}""");
    }

    private static PendingRead Pending(int n) => new()
    {
        Time = s_time,
        Tool = "pods_list",
        Requester = "agent",
        Arguments = new Dictionary<string, JsonElement> { ["n"] = JsonSerializer.SerializeToElement(n) },
        Result = new CallToolResult { Content = [new TextContentBlock { Text = "ok" }] },
        Duration = TimeSpan.FromMilliseconds(1),
    };

    /// <summary>Logs to a collector and completes a signal when an event id is logged (the writer logs from its own thread).</summary>
    private sealed class SignallingLogger(LogCollector<ReadLog> inner, int eventId, TaskCompletionSource signal) : ILogger<ReadLog>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId2, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            inner.Log(logLevel, eventId2, state, exception, formatter);
            if (eventId2.Id == eventId)
            {
                signal.TrySetResult();
            }
        }
    }
}
