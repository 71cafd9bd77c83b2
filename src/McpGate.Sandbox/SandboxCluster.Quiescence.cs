namespace McpGate.Sandbox;

/// <summary>
/// In-process test hooks that wait for the simulated controllers instead of guessing with sleeps.
/// Nothing here is served over HTTP.
/// </summary>
public sealed partial class SandboxCluster
{
    /// <summary>
    /// Waits until the controllers are idle: every change made so far (by any client, or by the
    /// controllers themselves) is reconciled and nothing is due now. Timed work may still be ahead,
    /// such as a pod that starts <see cref="SandboxOptions.PodReadyDelay"/> after it was created;
    /// with a manual <see cref="SandboxOptions.TimeProvider"/> nothing more happens until the clock moves.
    /// </summary>
    /// <param name="timeout">Real time, whatever the sandbox's clock; a <see cref="TimeoutException"/> names what is still pending.</param>
    /// <param name="cancellationToken">Ends the wait early.</param>
    public Task WaitForIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForQuietAsync(settled: false, timeout, cancellationToken);

    /// <summary>
    /// Waits until the controllers are idle and no timed work is pending either: every pod has
    /// started (or failed for good), every rollout is complete. A pod that crash-loops or cannot pull
    /// its image keeps a back-off timer, and a stuck rollout its progress deadline, so such a cluster
    /// settles only after the deadline passes or never; the wait then times out.
    /// </summary>
    /// <param name="timeout">Real time, whatever the sandbox's clock; a <see cref="TimeoutException"/> names what is still pending.</param>
    /// <param name="cancellationToken">Ends the wait early.</param>
    public Task WaitForSettledAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForQuietAsync(settled: true, timeout, cancellationToken);

    private Task WaitForQuietAsync(bool settled, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _controller.WaitForQuietAsync(settled, timeout, cancellationToken);
    }
}
