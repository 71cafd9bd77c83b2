using McpGate.Core.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Hosting;

/// <summary>
/// Signs checkpoints of the ledger beside the engine: every <see cref="LedgerCheckpointer.PollInterval"/>
/// it asks the checkpointer, which signs after a change reaches a final state and at least every
/// minute while entries arrive, and once more as the gate stops for what arrived since. A failure is
/// logged and retried on the next poll; a ledger that no longer extends its latest checkpoint is
/// logged as an error on every poll and gets no checkpoint.
/// </summary>
internal sealed partial class CheckpointWorker(LedgerCheckpointer checkpointer, TimeProvider timeProvider, ILogger<CheckpointWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunOnceAsync(evenIfNotDue: false, stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(LedgerCheckpointer.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Signs a last checkpoint for the entries that arrived since the latest one, then stops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await RunOnceAsync(evenIfNotDue: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One poll: sign if due (or, at stop, if anything is uncovered), and log what happened.</summary>
    internal async Task RunOnceAsync(bool evenIfNotDue, CancellationToken cancellationToken)
    {
        try
        {
            if (await checkpointer.RunOnceAsync(evenIfNotDue, cancellationToken).ConfigureAwait(false) is { } signed)
            {
                Log.Signed(logger, signed.Id, signed.Checkpoint.TreeSize, signed.Checkpoint.RootBase64);
            }
        }
        catch (LedgerCheckpointException ex)
        {
            Log.NotAnExtension(logger, ex.Message);
        }
        catch (LedgerStorageException ex)
        {
            Log.StorageFault(logger, ex.Message);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            // Never stop the gate for a checkpoint: the engine reports the ledger's state itself.
            Log.StorageFault(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Signed checkpoint #{Id} of the ledger: {TreeSize} entries, root {Root}")]
        public static partial void Signed(ILogger logger, long id, long treeSize, string root);

        [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "Ledger checkpoint refused: {Reason}. Stop the gate and restore the ledger from a backup.")]
        public static partial void NotAnExtension(ILogger logger, string reason);

        [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Could not sign a ledger checkpoint: {Reason}; retrying")]
        public static partial void StorageFault(ILogger logger, string reason);
    }
}
