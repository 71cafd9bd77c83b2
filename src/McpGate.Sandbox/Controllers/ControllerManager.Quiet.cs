using System.Globalization;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// Quiescence for in-process tests: a wait that ends when the loop has reconciled every change it
/// was woken for and nothing is due now ("idle"), or also nothing is scheduled at all ("settled").
/// </summary>
internal sealed partial class ControllerManager
{
    private readonly List<(TaskCompletionSource Completion, bool Settled)> _waiters = [];
    private bool _stopped;

    /// <summary>
    /// Completes once the controllers are idle (<paramref name="settled"/> false: every store change
    /// and timer so far reconciled, nothing due now) or settled (true: idle with no timed work left).
    /// Throws <see cref="TimeoutException"/> naming what is still pending after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForQuietAsync(bool settled, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, typeof(SandboxCluster));
            if (IsQuiet(settled))
            {
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((waiter, settled));
        }

        try
        {
            // Real time on purpose: the sandbox's own clock may be a manual one that never moves.
            await waiter.Task.WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(DescribePending(settled, timeout));
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => ReferenceEquals(w.Completion, waiter));
            }
        }
    }

    /// <summary>Called under the gate after each pass.</summary>
    private void ReleaseWaiters()
    {
        foreach (var (completion, settled) in _waiters)
        {
            if (IsQuiet(settled))
            {
                completion.TrySetResult();
            }
        }
    }

    private void StopWaiters()
    {
        lock (_gate)
        {
            _stopped = true;
            foreach (var (completion, _) in _waiters)
            {
                completion.TrySetException(new ObjectDisposedException(nameof(SandboxCluster)));
            }
        }
    }

    /// <summary>Under the gate: no wake left unhandled, and nothing due now (settled: nothing due at all).</summary>
    private bool IsQuiet(bool settled)
    {
        if (Interlocked.Read(ref _wakes) != _reconciledWakes)
        {
            return false;
        }

        return _context.Due.Next is not { } next || (!settled && next > _context.Now);
    }

    private string DescribePending(bool settled, TimeSpan timeout)
    {
        lock (_gate)
        {
            var what = settled ? "settle" : "become idle";
            var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            var pending = Interlocked.Read(ref _wakes) != _reconciledWakes
                ? "store changes or timers are not reconciled yet"
                : _context.Due.Next is { } next
                    ? string.Create(CultureInfo.InvariantCulture, $"{_context.Due.Count} timed task(s) pending (pod starts, back-offs, progress deadlines), the next due at {next:O}, now {_context.Now:O}")
                    : "nothing is pending now";
            return $"The sandbox controllers did not {what} within {seconds} s: {pending}.";
        }
    }
}
