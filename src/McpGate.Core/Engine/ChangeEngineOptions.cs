namespace McpGate.Core.Engine;

/// <summary>Timing of the engine's background work.</summary>
public sealed record ChangeEngineOptions
{
    /// <summary>How often the engine looks for approvals, expiries and work; under a second by design.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often verification looks at the cluster while a rollout progresses.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The lock file that makes one process the executor for this data directory and cluster.
    /// Null: this engine always executes (one process, e.g. tests).
    /// </summary>
    public string? ExecutorLockPath { get; init; }

    /// <summary>
    /// While the ledger cannot be written (full, read-only, gone), passes back off from
    /// <see cref="PollInterval"/>, doubling, up to this interval.
    /// </summary>
    public TimeSpan StorageRetryLimit { get; init; } = TimeSpan.FromSeconds(30);
}
