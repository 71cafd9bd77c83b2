namespace McpGate.Kubernetes.Api;

/// <summary>The body of a DELETE: preconditions, propagation, grace period.</summary>
public sealed record KubeDeleteOptions
{
    public KubeDeletePreconditions? Preconditions { get; init; }

    /// <summary>Null leaves the choice to the server.</summary>
    public KubePropagationPolicy? PropagationPolicy { get; init; }

    public long? GracePeriodSeconds { get; init; }

    /// <summary>Run admission and validation only (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }
}
