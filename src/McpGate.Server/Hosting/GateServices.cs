using System.Runtime.ExceptionServices;
using McpGate.Server.Resources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Hosting;

/// <summary>
/// The gate's background work, started once its runtime is ready, in this order: the ledger's
/// checkpoints, the engine's loop and the notifications (an executing gate only), the read log's
/// writer, the resource subscriptions. Stopped in the reverse order: the checkpoint worker stops
/// last, so its last checkpoint covers the engine's last entry, and the read log drains after the
/// last read. Started before the MCP server and stopped after it.
/// When the runtime or one of these fails to start, it stops the server (<c>stop</c>), and
/// <see cref="ThrowIfFailed"/> (called once the server has stopped) throws that failure.
/// </summary>
internal sealed partial class GateServices(
    GateStart start,
    Task<ChangeSubscriptions>? subscriptions,
    Action stop,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<GateServices>();
    private readonly List<IHostedService> _started = [];
    private Task _starting = Task.CompletedTask;
    private ExceptionDispatchInfo? _failure;
    private int _disposed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not awaited: the MCP server, started after this, answers initialize and tools/list meanwhile.
        _starting = StartWhenReadyAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task StartWhenReadyAsync(CancellationToken stopping)
    {
        GateRuntime ready;
        try
        {
            ready = await start.Runtime.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The tool calls and resource reads that waited for the runtime are answered with its error first.
            await start.WaitersAnsweredAsync(TimeProvider.System).ConfigureAwait(false);
            Fail(ex);
            return;
        }

        try
        {
            foreach (var service in Services(ready, subscriptions is null ? null : await subscriptions.ConfigureAwait(false)))
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                await service.StartAsync(stopping).ConfigureAwait(false);
                _started.Add(service);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped while a service started.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Fail(ex);
        }
    }

    private void Fail(Exception failure)
    {
        _failure = ExceptionDispatchInfo.Capture(failure);
        Log.StartFailed(_logger);
        stop();
    }

    /// <summary>Throws what stopped the gate from starting, if anything did: the runtime's <see cref="GateStartupException"/>, or a service's failure.</summary>
    public void ThrowIfFailed() => _failure?.Throw();

    private IEnumerable<IHostedService> Services(GateRuntime ready, ChangeSubscriptions? changeSubscriptions)
    {
        var context = ready.Context;
        if (context.Engine.Executes)
        {
            yield return new CheckpointWorker(ready.Checkpointer, context.Time, loggerFactory.CreateLogger<CheckpointWorker>());
            yield return new EngineWorker(context.Engine);

            // Reads the ledger only; a notification it had not finished is sent again after a restart.
            if (context.Notifications is { } notifications)
            {
                yield return notifications;
            }
        }

        if (context.ReadLog is { } readLog)
        {
            yield return new ReadLogWorker(readLog);
        }

        if (changeSubscriptions is not null)
        {
            yield return changeSubscriptions;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A service that was starting as the gate stopped is stopped below if it got as far as the list.
        }

        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the services it started; once, although the host holds it twice (as itself and as a hosted service).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Dispose();
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            if (_started[i] is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (_started[i] is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2114, Level = LogLevel.Debug, Message = "The gate did not start; stopping the server (the error follows)")]
        public static partial void StartFailed(ILogger logger);
    }
}
