using System.Text;
using System.Text.Json;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Notifications;
using McpGate.Core.Policy;
using McpGate.Server.Approvals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace McpGate.Server.Notifications;

/// <summary>
/// Tells the notifiers of <c>notifiers.yaml</c> about pending changes, decisions and final states. The
/// ledger is the source and the queue: each notifier reads the entries after its own cursor (kept in
/// the ledger database, so a restart neither resends nor skips), at most <see cref="NotificationOptions.BatchSize"/>
/// at a time, so it also sees decisions written by the CLI or another process. It sends each in order,
/// retrying with exponential backoff, and records every attempt; the attempt that delivers or gives up
/// moves the cursor in the same transaction, so no stop can fall between the two. It only reads
/// the entries: a notifier that hangs or fails delays its own later notifications, never a change, and
/// never another notifier. A notification interrupted by a stop is sent again after the restart, with
/// the same delivery id.
/// </summary>
public sealed class NotificationDispatcher : BackgroundService
{
    /// <summary>After a fault a notifier waits this many poll intervals before it reads again, so a lasting fault is not logged every second.</summary>
    private const int FaultPauseFactor = 5;

    private readonly ChangeLedger _ledger;
    private readonly IReadOnlyList<ConfiguredNotifier> _notifiers;
    private readonly ApprovalsChangeView _view;
    private readonly NotificationOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;

    private NotificationDispatcher(ChangeLedger ledger, IReadOnlyList<NotifierDefinition> notifiers, IReadOnlyDictionary<string, byte[]> keys, PolicySet policy,
        Ed25519PublicKey gateKey, NotificationOptions options, ILogger<NotificationDispatcher> logger)
    {
        _ledger = ledger;
        _options = options;
        _logger = logger;
        _view = new ApprovalsChangeView(ledger, policy, gateKey, options.Time);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _notifiers = [.. notifiers.Select(n => new ConfiguredNotifier(n, n.Kind == NotifierKind.Webhook
            ? new WebhookChannel(n, keys[n.Name], _http, options.Time)
            : new CommandChannel(n, options.Environment)))];
    }

    /// <summary>The names of the notifiers this dispatcher serves.</summary>
    public IReadOnlyList<string> Names => [.. _notifiers.Select(n => n.Definition.Name)];

    /// <summary>A dispatcher for <paramref name="notifiers"/>, their webhooks' keys read now.</summary>
    /// <exception cref="InvalidDataException">A webhook's key cannot be read; the message names the notifier and where the key was to be, never the key.</exception>
    public static NotificationDispatcher Create(ChangeLedger ledger, IReadOnlyList<NotifierDefinition> notifiers, PolicySet policy, Ed25519PublicKey gateKey,
        NotificationOptions options, ILogger<NotificationDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(notifiers);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(gateKey);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var notifier in notifiers.Where(n => n.Kind == NotifierKind.Webhook))
        {
            keys[notifier.Name] = NotifierSecret.Read(notifier, options.Environment)!;
        }

        return new NotificationDispatcher(ledger, notifiers, keys, policy, gateKey, options, logger);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_notifiers.Select(n => Task.Run(() => RunAsync(n, stoppingToken), CancellationToken.None)));

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task RunAsync(ConfiguredNotifier notifier, CancellationToken stoppingToken)
    {
        var name = notifier.Definition.Name;
        var events = string.Join(",", notifier.Definition.Events.Order().Select(e => e.ToWire()));
        var pipeline = Pipeline();
        long? cursor = null;

        // An attempt already sent is cut StopGrace after the stop, not at once.
        using var grace = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _options.Time);
        using var stopping = stoppingToken.Register(() => grace.CancelAfter(_options.StopGrace));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (cursor is null)
                {
                    // A notifier's first start begins at the end of the ledger: it is told of what happens from now on.
                    cursor = await _ledger.ReadNotificationCursorAsync(name, stoppingToken).ConfigureAwait(false);
                    if (cursor is null)
                    {
                        cursor = await _ledger.ReadLastSequenceAsync(stoppingToken).ConfigureAwait(false);
                        await _ledger.SaveNotificationCursorAsync(name, cursor.Value, stoppingToken).ConfigureAwait(false);
                    }

                    NotificationLog.Started(_logger, name, notifier.Definition.Kind == NotifierKind.Webhook ? "webhook" : "command", notifier.Channel.Destination, events, cursor.Value);
                }

                var entries = await _ledger.ReadEntryBatchAsync(cursor.Value, _options.BatchSize, stoppingToken).ConfigureAwait(false);
                foreach (var entry in entries)
                {
                    if (NotificationMessage.EventOf(entry) is { } kind && notifier.Definition.Wants(kind))
                    {
                        await DeliverAsync(notifier, pipeline, entry, kind, stoppingToken, grace.Token).ConfigureAwait(false);
                    }

                    // A delivered or given-up attempt moved the cursor already, with its record.
                    await _ledger.SaveNotificationCursorAsync(name, entry.Sequence, stoppingToken).ConfigureAwait(false);
                    cursor = entry.Sequence;
                }

                if (entries.Count < _options.BatchSize)
                {
                    await Task.Delay(_options.PollInterval, _options.Time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong stays with this notifier: the gate, its changes and the other notifiers go on.
                if (ex is LedgerStorageException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException)
                {
                    NotificationLog.LedgerFault(_logger, name, ErrorText.Clean(ex.Message));
                }
                else
                {
                    NotificationLog.Failed(_logger, name, ex);
                }

                try
                {
                    await Task.Delay(_options.PollInterval * FaultPauseFactor, _options.Time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DeliverAsync(ConfiguredNotifier notifier, ResiliencePipeline<DeliveryResult> pipeline, LedgerEntry entry, NotificationEvent kind, CancellationToken stoppingToken, CancellationToken graceToken)
    {
        var change = await ReadChangeAsync(entry.ChangeId, stoppingToken).ConfigureAwait(false);
        string? quorum = null;
        if (change is not null && kind != NotificationEvent.Final)
        {
            quorum = (await _view.QuorumAsync(change, stoppingToken).ConfigureAwait(false)).Quorum?["text"]?.GetValue<string>();
        }

        var body = Encoding.UTF8.GetBytes(NotificationMessage.Build(entry, kind, change, quorum).ToJsonString());
        var name = notifier.Definition.Name;
        var request = new DeliveryRequest($"{entry.Sequence}.{name}", kind.ToWire(), entry.ChangeId, body);
        var attempt = 0;

        // The pipeline's waits between attempts end with the stop; an attempt sent runs on until the grace ends.
        await pipeline.ExecuteAsync(async token =>
        {
            token.ThrowIfCancellationRequested();
            attempt++;
            var result = await notifier.Channel.SendAsync(request, notifier.Definition.Timeout, graceToken).ConfigureAwait(false);
            var last = attempt >= _options.MaxAttempts;
            await _ledger.AppendNotificationAttemptAsync(new NotificationAttempt
            {
                DeliveryId = request.DeliveryId,
                Notifier = name,
                ChangeId = entry.ChangeId,
                Sequence = entry.Sequence,
                Event = request.Event,
                Attempt = attempt,
                Outcome = result.Delivered ? NotificationAttempt.Delivered : last ? NotificationAttempt.GaveUp : NotificationAttempt.Failed,
                Status = result.Status,
                ErrorText = result.Error,
                Time = _options.Time.GetUtcNow(),
            }, CancellationToken.None).ConfigureAwait(false);
            if (result.Delivered)
            {
                NotificationLog.Delivered(_logger, name, request.Event, entry.ChangeId, entry.Sequence, attempt);
            }
            else if (last)
            {
                NotificationLog.GaveUp(_logger, name, request.Event, entry.ChangeId, entry.Sequence, attempt, result.Error ?? "failed");
            }
            else
            {
                NotificationLog.AttemptFailed(_logger, name, request.Event, entry.ChangeId, entry.Sequence, attempt, result.Error ?? "failed");
            }

            return result;
        }, stoppingToken).ConfigureAwait(false);
    }

    private async Task<ChangeDocument?> ReadChangeAsync(string changeId, CancellationToken cancellationToken)
    {
        var stored = await _ledger.GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        try
        {
            return ChangeJson.Deserialize(stored.DocumentJson);
        }
        catch (JsonException)
        {
            // A damaged document: the notification names the change and the entry only.
            return null;
        }
    }

    private ResiliencePipeline<DeliveryResult> Pipeline() =>
        _options.MaxAttempts == 1
            ? ResiliencePipeline<DeliveryResult>.Empty
            : new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = _options.Time }
                .AddRetry(new RetryStrategyOptions<DeliveryResult>
                {
                    MaxRetryAttempts = _options.MaxAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = false,
                    Delay = _options.BaseDelay,
                    MaxDelay = _options.MaxDelay,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Delivered: false }),
                })
                .Build();
}
