using System.Threading.Channels;
using McpGate.Sandbox.Diagnostics;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Storage;
using Microsoft.Extensions.Logging;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The simulated kube-controller-manager, scheduler and kubelets in one loop: deployments drive
/// ReplicaSets, ReplicaSets drive pods, the kubelet starts (or fails) pods, and owner references
/// are garbage-collected. Woken by store changes and by one TimeProvider timer for the next due
/// time (a pod to start, a progress deadline); idle otherwise. Tests can wait for that idleness
/// (<see cref="WaitForQuietAsync"/>).
/// </summary>
internal sealed partial class ControllerManager : IAsyncDisposable
{
    private readonly ControllerContext _context;
    private readonly IReadOnlyList<Func<bool>> _controllers;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private Task? _loop;

    // Every Wake() counts; a pass records the count it started from, so "every wake handled" is exact.
    private long _wakes;
    private long _reconciledWakes;

    public ControllerManager(ObjectService objects, TimeProvider timeProvider, TimeSpan podReadyDelay, ILogger logger)
    {
        _context = new ControllerContext(objects, timeProvider, podReadyDelay, logger);
        var deployments = new DeploymentController(_context);
        var replicaSets = new ReplicaSetController(_context);
        var kubelet = new Kubelet(_context);
        _controllers =
        [
            deployments.Reconcile, replicaSets.Reconcile, new StatefulSetController(_context).Reconcile, new DaemonSetController(_context).Reconcile,
            new JobController(_context).Reconcile, kubelet.Reconcile, new DisruptionController(_context).Reconcile,
            new HorizontalPodAutoscalerController(_context).Reconcile, new NodeLifecycleController(_context).Reconcile, FinishForegroundDeletions, CollectGarbage,
        ];
        _timer = timeProvider.CreateTimer(_ => Wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts the background loop; store changes wake it from then on.</summary>
    public void Start()
    {
        _context.Objects.Store.Changed += OnStoreChanged;
        _loop = Task.Run(() => RunAsync(_stopping.Token));
        Wake();
    }

    /// <summary>Reconciles until nothing changes, with pods started at once (used to seed a rolled-out state).</summary>
    public void Settle()
    {
        lock (_gate)
        {
            _context.Immediate = true;
            try
            {
                for (var pass = 0; pass < 100 && ReconcileOnce(); pass++)
                {
                }
            }
            finally
            {
                _context.Immediate = false;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _context.Objects.Store.Changed -= OnStoreChanged;
        StopWaiters();
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

    private bool ReconcileOnce()
    {
        var changed = false;
        foreach (var controller in _controllers)
        {
            changed |= controller();
        }

        return changed;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            lock (_gate)
            {
                var wakes = Interlocked.Read(ref _wakes);
                try
                {
                    ReconcileOnce();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    SandboxLog.ReconcileFailed(_context.Logger, ex);
                }

                ScheduleNext();
                _reconciledWakes = wakes;
                ReleaseWaiters();
            }
        }
    }

    private void OnStoreChanged(object? sender, StoreChange change)
    {
        if (change.Key.Resource != Resources.Core.CoreResources.Events.Gvr)
        {
            Wake();
        }
    }

    private void Wake()
    {
        Interlocked.Increment(ref _wakes);
        _wake.Writer.TryWrite(true);
    }

    private void ScheduleNext()
    {
        if (_context.Due.Next is not { } next)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = next - _context.Now;
        _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The garbage collector's part: dependents whose every owner is gone are deleted.</summary>
    private bool CollectGarbage()
    {
        var owners = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in _context.Objects.Registry.All.Where(d => d.Behavior.OwnsDependents))
        {
            owners.UnionWith(_context.List(definition).Select(ObjectMeta.Uid));
        }

        var changed = false;
        foreach (var definition in _context.Objects.Registry.All.Where(d => d.Behavior.IsDependent))
        {
            foreach (var obj in _context.List(definition))
            {
                var ownerUids = ObjectMeta.OwnerUids(obj);
                if (ownerUids.Count > 0 && !ownerUids.Any(owners.Contains))
                {
                    changed |= _context.Delete(definition, obj) is not null;
                }
            }
        }

        return changed;
    }
}
