using System.Collections.Concurrent;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Resources;

/// <summary>
/// <c>resources/subscribe</c> on change resources. Each subscription follows its change the way
/// <c>get_change</c>'s <c>wait_seconds</c> does (<see cref="ChangeEngine.WaitForChangeAsync(string, TimeSpan, Func{ChangeDocument, ValueTask}?, Func{ChangeState, bool}?, CancellationToken)"/>,
/// which reads the ledger, so approvals given by the CLI in another process are seen) and sends
/// <c>notifications/resources/updated</c> each time the change's state changes, until the change
/// reaches a final state, the client unsubscribes, the session ends or the gate stops.
/// A session holds at most <see cref="MaxPerSession"/> subscriptions.
/// </summary>
internal sealed partial class ChangeSubscriptions : IHostedService, IAsyncDisposable
{
    public const int MaxPerSession = 32;

    /// <summary>How long one wait on the engine lasts before the next begins; a safety net, not a poll.</summary>
    private static readonly TimeSpan s_waitSlice = TimeSpan.FromMinutes(10);

    private readonly ChangeEngine _engine;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<SubscriptionSession, Session> _sessions = new();

    private int _disposed;

    public ChangeSubscriptions(ChangeEngine engine, TimeProvider time, ILogger<ChangeSubscriptions> logger)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(time);
        _engine = engine;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many subscriptions <paramref name="session"/> holds.</summary>
    public int Count(SubscriptionSession session) => _sessions.TryGetValue(session, out var s) ? s.Count : 0;

    /// <summary>How many subscriptions all sessions hold.</summary>
    public int Total => _sessions.Values.Sum(s => s.Count);

    /// <summary>
    /// Follows <paramref name="address"/>'s change for <paramref name="session"/>, calling
    /// <paramref name="notify"/> with the URI at each state change. Subscribing again to the same URI
    /// changes nothing. False when the session already holds <see cref="MaxPerSession"/> subscriptions.
    /// </summary>
    public bool Subscribe(SubscriptionSession session, Func<string, CancellationToken, Task> notify, GateResourceAddress address, ChangeState current)
    {
        ArgumentNullException.ThrowIfNull(notify);
        var entry = _sessions.GetOrAdd(session, _ => new Session());
        lock (entry.Gate)
        {
            if (entry.Watches.ContainsKey(address.Uri))
            {
                return true;
            }

            if (entry.Watches.Count >= MaxPerSession)
            {
                return false;
            }

            var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var watch = new Watch(stop);
            entry.Watches[address.Uri] = watch;
            watch.Run = Task.Run(async () =>
            {
                try
                {
                    await FollowAsync(session, notify, address, current, stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    // A change in a final state changes no more: its subscription frees its place.
                    lock (entry.Gate)
                    {
                        if (entry.Watches.TryGetValue(address.Uri, out var registered) && ReferenceEquals(registered, watch))
                        {
                            entry.Watches.Remove(address.Uri);
                        }
                    }

                    stop.Dispose();
                }
            }, CancellationToken.None);
            return true;
        }
    }

    /// <summary>Ends <paramref name="session"/>'s subscription to <paramref name="uri"/>; false when there was none.</summary>
    public bool Unsubscribe(SubscriptionSession session, string uri)
    {
        if (!_sessions.TryGetValue(session, out var entry))
        {
            return false;
        }

        Watch? watch;
        lock (entry.Gate)
        {
            if (!entry.Watches.Remove(uri, out watch))
            {
                return false;
            }
        }

        watch.Stop();
        return true;
    }

    /// <summary>Ends every subscription of <paramref name="session"/> (the session closed, or its client is gone).</summary>
    public void EndSession(SubscriptionSession session)
    {
        if (!_sessions.TryRemove(session, out var entry))
        {
            return;
        }

        List<Watch> watches;
        lock (entry.Gate)
        {
            watches = [.. entry.Watches.Values];
            entry.Watches.Clear();
        }

        foreach (var watch in watches)
        {
            watch.Stop();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The gate stops: every subscription ends.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var session in _sessions.Keys)
        {
            EndSession(session);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Sends <c>notifications/resources/updated</c> for a URI through the server the subscription came on.</summary>
    public static Func<string, CancellationToken, Task> UpdatedNotifier(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return (uri, cancellationToken) => server.SendNotificationAsync(
            NotificationMethods.ResourceUpdatedNotification,
            new ResourceUpdatedNotificationParams { Uri = uri },
            McpJsonUtilities.DefaultOptions,
            cancellationToken);
    }

    private async Task FollowAsync(SubscriptionSession session, Func<string, CancellationToken, Task> notify, GateResourceAddress address, ChangeState known, CancellationToken cancellationToken)
    {
        var uri = address.Uri;
        try
        {
            while (!known.IsFinal())
            {
                ChangeDocument? change;
                try
                {
                    change = await _engine.WaitForChangeAsync(address.Name, s_waitSlice, async c =>
                    {
                        if (c.State != known)
                        {
                            known = c.State;
                            await notify(uri, cancellationToken).ConfigureAwait(false);
                            Log.Notified(_logger, uri, c.State);
                        }
                    }, until: null, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is LedgerStorageException or LedgerCorruptException or System.Text.Json.JsonException)
                {
                    // The engine's loop reports the ledger's condition; the subscription waits it out.
                    Log.LedgerUnreadable(_logger, uri, ex.Message);
                    await Task.Delay(s_waitSlice / 60, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (change is null)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unsubscribed, session ended, or the gate stops.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The notification could not be sent: the client is gone. Its other subscriptions end too.
            Log.SessionGone(_logger, uri, ex);
            EndSession(session);
        }
    }

    private sealed class Session
    {
        public Lock Gate { get; } = new();

        public Dictionary<string, Watch> Watches { get; } = new(StringComparer.Ordinal);

        public int Count
        {
            get
            {
                lock (Gate)
                {
                    return Watches.Count;
                }
            }
        }
    }

    private sealed class Watch(CancellationTokenSource stop)
    {
        public Task? Run { get; set; }

        public void Stop()
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already stopped.
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2510, Level = LogLevel.Debug, Message = "Resource {Uri}: subscribers notified, state {State}")]
        public static partial void Notified(ILogger logger, string uri, ChangeState state);

        [LoggerMessage(EventId = 2511, Level = LogLevel.Warning, Message = "Resource {Uri}: subscription waits, the ledger cannot be read: {Fault}")]
        public static partial void LedgerUnreadable(ILogger logger, string uri, string fault);

        [LoggerMessage(EventId = 2512, Level = LogLevel.Information, Message = "Resource {Uri}: subscriptions of the session end, a notification could not be sent")]
        public static partial void SessionGone(ILogger logger, string uri, Exception exception);
    }
}
