namespace McpGate.Core.Engine;

/// <summary>Timing of the engine's background work.</summary>
public sealed record ChangeEngineOptions
{
    /// <summary>How often the engine looks for approvals, expiries and work; under a second by design.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often verification looks at the cluster while a rollout progresses.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long an executor's claim on a change lasts without renewal; it renews every third of
    /// it while it writes and verifies. After it, another executor may take the change over.
    /// </summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An optimisation only: the lock file that makes one process the executor for this data directory and cluster.
    /// A second server that cannot take it stays idle instead of competing for claims; when the
    /// lock is gone (file deleted, locking disabled) the ledger's claims still keep execution to one.
    /// Null: this engine always executes (one process, e.g. tests).
    /// </summary>
    public string? ExecutorLockPath { get; init; }

    /// <summary>
    /// False for a gate attached to another's data directory (<c>serve --attach</c>): it proposes
    /// changes and answers about them, but settles no approval and executes nothing; the gate
    /// serving the data directory as its executor (<c>serve --service</c>) does.
    /// </summary>
    public bool Executes { get; init; } = true;

    /// <summary>
    /// While the ledger cannot be written (full, read-only, gone), passes back off from
    /// <see cref="PollInterval"/>, doubling, up to this interval.
    /// </summary>
    public TimeSpan StorageRetryLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The tools the gate serves, by which the engine proposes a rollback (as the same tool, with its
    /// policy and checks) when a change fails verification; with none, no rollback is proposed.
    /// </summary>
    public IReadOnlyList<Manifests.ToolManifest> Tools { get; init; } = [];
}
