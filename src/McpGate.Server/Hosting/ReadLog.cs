using System.Threading.Channels;
using McpGate.Core.Ledger;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Hosting;

/// <summary>
/// Records read tool calls in the ledger database's read log without slowing the reads: the read path
/// only puts a reference in a bounded queue (<see cref="Record"/> never waits), and one writer drains it
/// in batches, each in one transaction. When the queue is full the read still answers; the writer logs
/// how many were dropped and stores a marker row saying so. A failed write (disk full, locked) is logged
/// and counted the same way; it never reaches the read. <see cref="CompleteAsync"/> writes everything queued.
/// </summary>
public sealed partial class ReadLog : IAsyncDisposable
{
    private readonly Channel<PendingRead> _queue;
    private readonly ChangeLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReadLogOptions _options;
    private readonly CancellationTokenSource _completing = new();
    private readonly Lock _runLock = new();
    private Task? _run;

    /// <summary>Reads not recorded since the last marker: queue full, or a batch that failed to write.</summary>
    private long _dropped;

    public ReadLog(ChangeLedger ledger, TimeProvider timeProvider, ILogger<ReadLog> logger, ReadLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _ledger = ledger;
        _time = timeProvider;
        _logger = logger;
        _options = options ?? new ReadLogOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Capacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
        _queue = Channel.CreateBounded<PendingRead>(new BoundedChannelOptions(_options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>The clock the read path stamps and times reads with.</summary>
    internal TimeProvider Time => _time;

    /// <summary>Queues one read; never waits. A full or completed queue counts it as dropped.</summary>
    internal void Record(PendingRead read)
    {
        if (!_queue.Writer.TryWrite(read))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Starts the writer (once).</summary>
    public void Start()
    {
        lock (_runLock)
        {
            _run ??= Task.Run(RunAsync);
        }
    }

    /// <summary>Stops taking reads and returns once everything queued has been written (or its failure logged).</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        if (!_completing.IsCancellationRequested)
        {
            await _completing.CancelAsync().ConfigureAwait(false);
        }

        Start();
        await _run!.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync().ConfigureAwait(false);
        _completing.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingRead>(_options.BatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.BatchSize && reader.TryRead(out var read))
            {
                batch.Add(read);
            }

            await WriteAsync(batch).ConfigureAwait(false);
            if (batch.Count < _options.BatchSize && !_completing.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(_options.FlushInterval, _time, _completing.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Completing: write what is left at once.
                }
            }
        }

        // Reads refused after completion, or a last failed batch, still get their marker if the disk allows.
        if (Interlocked.Read(ref _dropped) > 0)
        {
            await WriteAsync([]).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(List<PendingRead> batch)
    {
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        var records = new List<ReadRecord>(batch.Count + 1);
        if (dropped > 0)
        {
            records.Add(ReadRecords.Marker(dropped, _time.GetUtcNow()));
        }

        foreach (var read in batch)
        {
            records.Add(ReadRecords.From(read));
        }

        if (records.Count == 0)
        {
            return;
        }

        try
        {
            await _ledger.AppendReadsAsync(records).ConfigureAwait(false);
            if (dropped > 0)
            {
                Log.Dropped(_logger, dropped);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never retried: the reads have answered, and holding them would only grow memory while the disk is bad.
            Interlocked.Add(ref _dropped, dropped + batch.Count);
            Log.WriteFailed(_logger, batch.Count, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Read log: {Count} read(s) were not recorded (the queue was full or a write failed); a marker row in the read log says so")]
        public static partial void Dropped(ILogger logger, long count);

        [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Read log: could not record {Count} read(s): {Reason}; the reads answered, and the next batch marks them as dropped")]
        public static partial void WriteFailed(ILogger logger, int count, string reason);
    }
}
