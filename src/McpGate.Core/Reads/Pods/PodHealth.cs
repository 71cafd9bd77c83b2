namespace McpGate.Core.Reads.Pods;

/// <summary>A pod's state as <c>kubectl get pods</c> reads it, plus why it is not ready.</summary>
public sealed record PodHealth
{
    /// <summary>The STATUS column: <c>Running</c>, <c>CrashLoopBackOff</c>, <c>Init:0/2</c>, <c>Completed</c>, <c>Terminating</c>...</summary>
    public required string Status { get; init; }

    /// <summary><c>status.phase</c>: Pending, Running, Succeeded, Failed or Unknown.</summary>
    public required string Phase { get; init; }

    public required int ReadyContainers { get; init; }

    public required int TotalContainers { get; init; }

    /// <summary>Restarts of the app containers (of the init containers while the pod initialises), as kubectl sums them.</summary>
    public required long Restarts { get; init; }

    /// <summary>When the last counted restart happened (the previous instance finished); null when never.</summary>
    public DateTimeOffset? LastRestart { get; init; }

    /// <summary>True when the pod runs and every container is ready, or it completed.</summary>
    public required bool Healthy { get; init; }

    /// <summary>Why it is not ready: a waiting or termination reason, or <c>Unschedulable</c>; null when healthy.</summary>
    public string? Reason { get; init; }

    /// <summary>The detail of <see cref="Reason"/>: the container's message, the scheduler's message, the exit code.</summary>
    public string? Message { get; init; }
}
