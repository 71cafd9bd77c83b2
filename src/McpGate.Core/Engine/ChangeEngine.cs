using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Storage;
using Microsoft.Extensions.Logging;

namespace McpGate.Core.Engine;

/// <summary>
/// The only component that writes to a cluster. It proposes and proves changes, then, once a
/// human approval is recorded in the ledger, re-checks everything and executes exactly once,
/// verifies the outcome and records each step. It holds the gate's key, never an approver's.
/// </summary>
public sealed partial class ChangeEngine : IAsyncDisposable
{
    private readonly IClusterPort _cluster;
    private readonly IStateProbe _probe;
    private readonly ChangeLedger _ledger;
    private readonly PolicySet _policy;
    private readonly PolicyEvaluator _evaluator;
    private readonly IReadOnlyList<TrustedApprover> _approvers;
    private readonly Ed25519PrivateKey _gateKey;
    private readonly TimeProvider _time;
    private readonly ChangeEngineOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, byte> _reportedRefusals = new(StringComparer.Ordinal);
    private readonly ExecutorInstance _instance = ExecutorInstance.ForCurrentProcess();
    private ExecutorLock? _executorLock;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _passesStarted;

    private static readonly ChangeState[] s_workStates =
        [ChangeState.Proposed, ChangeState.Proven, ChangeState.PendingApproval, ChangeState.Approved, ChangeState.Waiting, ChangeState.Executing, ChangeState.Executed, ChangeState.Verifying];

    /// <summary>A proposal still unfinished after this long was interrupted (proposing takes seconds).</summary>
    private static readonly TimeSpan s_abandonedAfter = TimeSpan.FromMinutes(2);

    public ChangeEngine(
        IClusterPort cluster,
        IStateProbe probe,
        ChangeLedger ledger,
        PolicySet policy,
        Ed25519PrivateKey gateKey,
        TimeProvider timeProvider,
        ChangeEngineOptions options,
        ILogger<ChangeEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _policy = policy;
        _evaluator = new PolicyEvaluator(policy);
        _approvers = TrustedApprovers.FromPolicy(policy);
        _gateKey = gateKey ?? throw new ArgumentNullException(nameof(gateKey));
        if (_approvers.FirstOrDefault(a => a.PublicKey.Equals(gateKey.PublicKey)) is { } self)
        {
            throw new ArgumentException($"approver '{self.Identity}' has the gate's own public key; the gate must never be able to approve its own changes", nameof(policy));
        }
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public string ClusterName => _cluster.ClusterName;

    public Ed25519PublicKey GatePublicKey => _gateKey.PublicKey;

    /// <summary>This engine's executor identity: the claims it takes in the ledger name it.</summary>
    public ExecutorInstance Instance => _instance;

    /// <summary>
    /// One pass of background work: settle pending changes (expiry, approvals counted with the live policy),
    /// execute approved ones, and resume any execution or verification no task here is running
    /// (after a restart, or a write whose outcome was uncertain). Whoever executes claims the
    /// change in the ledger first (see <see cref="ClaimForRecoveryAsync"/>): the executor lock
    /// only spares a second server the work, it guarantees nothing.
    /// </summary>
    public async Task ProcessAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.Executes || !HoldsExecutorLock())
        {
            return;
        }

        foreach (var state in s_workStates)
        {
            foreach (var stored in await _ledger.ListChangesAsync(state, cancellationToken).ConfigureAwait(false))
            {
                if (_inFlight.ContainsKey(stored.ChangeId))
                {
                    continue;
                }

                try
                {
                    var change = ChangeJson.Deserialize(stored.DocumentJson);

                    // Several gates may share a data directory; each works only on changes proven on its own cluster.
                    if (!await IsForThisClusterAsync(change, cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    switch (state)
                    {
                        case ChangeState.Proposed or ChangeState.Proven:
                            await CloseAbandonedAsync(change, state, cancellationToken).ConfigureAwait(false);
                            break;
                        case ChangeState.PendingApproval:
                            await SettlePendingAsync(change, cancellationToken).ConfigureAwait(false);
                            break;
                        case ChangeState.Approved or ChangeState.Waiting:
                            if (await ReadyToExecuteAsync(change, cancellationToken).ConfigureAwait(false))
                            {
                                StartWork(change.Id, state);
                            }

                            break;
                        default:
                            StartWork(change.Id, state);
                            break;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException and not LedgerStorageException)
                {
                    // One bad record must not stop the work on every other change.
                    Log.ChangeSkipped(_logger, stored.ChangeId, ex);
                }
            }
        }
    }

    /// <summary>
    /// Runs <see cref="ProcessAsync"/> every poll interval until cancelled, and at once when a decision is announced
    /// (<see cref="ChangeLedger.AnnounceDecision"/>, by this process or another): an approval then waits for no poll.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var token = linked.Token;
        var storage = new LedgerFaultReporter(_logger, _options.PollInterval, _options.StorageRetryLimit);
        _ledger.DecisionAnnounced += Wake;
        using var watch = _ledger.WatchDecisions(Wake);
        if (watch is null)
        {
            Log.DecisionsPolledOnly(_logger, _ledger.DecisionSignalPath, _options.PollInterval);
        }
        else
        {
            Log.WatchingDecisions(_logger, _ledger.DecisionSignalPath, _options.PollInterval);
        }

        try
        {
            await RunPassesAsync(storage, token).ConfigureAwait(false);
        }
        finally
        {
            _ledger.DecisionAnnounced -= Wake;
        }
    }

    /// <summary>How many passes <see cref="RunAsync"/> has begun: one at start, then one per poll interval or announcement.</summary>
    internal long PassesStarted => Interlocked.Read(ref _passesStarted);

    /// <summary>Completes the current wake-up, if a pass is waiting for one; repeated calls before the next pass are one.</summary>
    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private async Task RunPassesAsync(LedgerFaultReporter storage, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            // Armed before the pass reads the ledger: a decision committed from here on either is
            // seen by this pass or completes this wake-up, so the next pass starts at once.
            var wake = ArmWake();
            Interlocked.Increment(ref _passesStarted);
            try
            {
                await ProcessAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (LedgerStorageException)
            {
                // Reported once below, from the ledger's own record of the fault, not once per pass.
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.BackgroundPassFailed(_logger, ex);
            }

            // The fault stays recorded until a write commits, whoever makes it (a pass, a proposal).
            var delay = storage.AfterPass(_ledger.StorageFault);
            try
            {
                // A ledger that cannot be written is retried on the back-off alone, not on every announcement.
                if (_ledger.StorageFault is null)
                {
                    await WaitForPassAsync(delay, wake, token).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>A fresh wake-up when the last one was used; the current one otherwise.</summary>
    private Task ArmWake()
    {
        var current = Volatile.Read(ref _wake);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }

        return Volatile.Read(ref _wake).Task;
    }

    private async Task WaitForPassAsync(TimeSpan delay, Task wake, CancellationToken token)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(token);
        var poll = Task.Delay(delay, _time, waiting.Token);
        var first = await Task.WhenAny(poll, wake).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        token.ThrowIfCancellationRequested();
        if (first == poll)
        {
            await poll.ConfigureAwait(false);
        }
    }

    /// <summary>False for an attached gate, which proposes only (see <see cref="ChangeEngineOptions.Executes"/>).</summary>
    public bool Executes => _options.Executes;

    /// <summary>
    /// Whether some process executes changes for this data directory and cluster now: this one, or the
    /// holder of the executor lock. A hint for an attached gate to tell the agent and the operator
    /// that approved changes would wait; never a safety check (the ledger's claims are).
    /// </summary>
    public bool ExecutorRunning()
    {
        if (_options.Executes || _options.ExecutorLockPath is null)
        {
            return _options.Executes;
        }

        using var probe = ExecutorLock.TryAcquire(_options.ExecutorLockPath);
        return probe is null;
    }

    private bool HoldsExecutorLock()
    {
        if (_options.ExecutorLockPath is null || _executorLock is not null)
        {
            return true;
        }

        _executorLock = ExecutorLock.TryAcquire(_options.ExecutorLockPath);
        if (_executorLock is not null)
        {
            Log.BecameExecutor(_logger, _options.ExecutorLockPath);
        }

        return _executorLock is not null;
    }

    /// <summary>Completes when the work started so far has finished (tests synchronize on it).</summary>
    internal Task WhenIdleAsync() => Task.WhenAll(_inFlight.Values);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Work interrupted by shutdown resumes from the ledger on the next start.
        }

        _stopping.Dispose();
        _executorLock?.Dispose();
    }

    private void StartWork(string changeId, ChangeState state)
    {
        if (_inFlight.ContainsKey(changeId))
        {
            return;
        }

        var token = _stopping.Token;
        var work = Task.Run(() => RunWorkAsync(changeId, state, token), CancellationToken.None);
        if (_inFlight.TryAdd(changeId, work))
        {
            _ = work.ContinueWith(_ => _inFlight.TryRemove(changeId, out Task? _), TaskScheduler.Default);
        }
    }

    private async Task RunWorkAsync(string changeId, ChangeState state, CancellationToken cancellationToken)
    {
        try
        {
            switch (state)
            {
                case ChangeState.Approved or ChangeState.Waiting:
                    await ExecuteAsync(changeId, cancellationToken).ConfigureAwait(false);
                    break;
                case ChangeState.Executing:
                    await ReconcileAsync(changeId, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await ResumeVerificationAsync(changeId, state, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.WorkInterrupted(_logger, changeId);
        }
        catch (OperationCanceledException)
        {
            // The lease renewal found the claim in other hands: that executor finishes the change.
            Log.ClaimLost(_logger, changeId);
        }
        catch (LedgerStorageException)
        {
            // The ledger records the fault and the background loop reports it once; the change
            // stays in its state and is picked up again when the ledger can be written.
            Log.WorkStoppedByStorage(_logger, changeId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.WorkFailed(_logger, changeId, ex);
        }
    }

    private async Task<ChangeDocument?> TryTransitionAsync(
        ChangeDocument change,
        ChangeState from,
        ChangeState to,
        Func<ChangeDocument, ChangeDocument> update,
        JsonObject payload,
        CancellationToken cancellationToken,
        string? eventType = null,
        ClaimMode? claimMode = null)
    {
        var fromName = from.ToWire();
        var toName = to.ToWire();
        var next = update(change) with { State = to, UpdatedAt = _time.GetUtcNow() };
        payload["from"] = fromName;
        payload["to"] = toName;
        try
        {
            await _ledger.TransitionAsync(change.Id, from, to, ChangeJson.Serialize(next), eventType ?? toName, payload,
                ClaimFor(from, to, claimMode), cancellationToken).ConfigureAwait(false);
        }
        catch (ChangeStateConflictException)
        {
            Log.TransitionLost(_logger, change.Id, fromName, toName);
            return null;
        }
        catch (ExecutorClaimException ex)
        {
            Log.ClaimRefused(_logger, change.Id, fromName, toName, ex.Message);
            return null;
        }

        Log.Transitioned(_logger, change.Id, fromName, toName);
        return next;
    }
}
