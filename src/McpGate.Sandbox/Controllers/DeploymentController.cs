using System.Threading.Channels;
using McpGate.Sandbox.Diagnostics;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Storage;
using Microsoft.Extensions.Logging;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// Keeps each deployment's pods at spec.replicas and its status current, and plays the kubelet:
/// pods turn Running and Ready after the configured delay. Woken by store changes and by one
/// TimeProvider timer for the next pod due to become ready; idle otherwise.
/// </summary>
internal sealed partial class DeploymentController : IAsyncDisposable
{
    private readonly ObjectService _objects;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _podReadyDelay;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Dictionary<string, DateTimeOffset> _readyAt = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private Task? _loop;
    private int _nextPodIp = 10;

    public DeploymentController(ObjectService objects, TimeProvider timeProvider, TimeSpan podReadyDelay, ILogger logger)
    {
        _objects = objects;
        _timeProvider = timeProvider;
        _podReadyDelay = podReadyDelay;
        _logger = logger;
        _timer = timeProvider.CreateTimer(_ => Wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts the background loop; store changes wake it from then on.</summary>
    public void Start()
    {
        _objects.Store.Changed += OnStoreChanged;
        _loop = Task.Run(() => RunAsync(_stopping.Token));
        Wake();
    }

    /// <summary>Reconciles until nothing changes, with pods ready at once (used to seed a rolled-out state).</summary>
    public void Settle()
    {
        for (var pass = 0; pass < 10 && Reconcile(readyImmediately: true); pass++)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _objects.Store.Changed -= OnStoreChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping is the expected way out of the loop.
            }
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            try
            {
                Reconcile(readyImmediately: false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SandboxLog.ReconcileFailed(_logger, ex);
            }

            ScheduleNextReadiness();
        }
    }

    private void OnStoreChanged(object? sender, StoreChange change)
    {
        if (change.Key.Resource == BuiltInResources.Pods.Gvr || change.Key.Resource == BuiltInResources.Deployments.Gvr)
        {
            Wake();
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private void ScheduleNextReadiness()
    {
        if (_readyAt.Count == 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = _readyAt.Values.Min() - _timeProvider.GetUtcNow();
        _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }
}
