namespace McpGate.Core.Reads.Rollouts;

/// <summary>A workload's rollout at one instant: the state, a one-line verdict and the numbers behind it.</summary>
public sealed record RolloutVerdict
{
    public required RolloutState State { get; init; }

    /// <summary>One line, kubectl's wording where kubectl has one.</summary>
    public required string Message { get; init; }

    /// <summary>Pods wanted: spec.replicas (default 1), or a DaemonSet's desiredNumberScheduled.</summary>
    public required long Desired { get; init; }

    /// <summary>Pods the workload has now, old and new (status.replicas, or currentNumberScheduled).</summary>
    public required long Current { get; init; }

    /// <summary>Pods on the latest template.</summary>
    public required long Updated { get; init; }

    public required long Ready { get; init; }

    public required long Available { get; init; }

    public long? Generation { get; init; }

    public long? ObservedGeneration { get; init; }

    public bool Paused { get; init; }

    /// <summary>True only for <see cref="RolloutState.Complete"/>.</summary>
    public bool Done => State == RolloutState.Complete;
}
