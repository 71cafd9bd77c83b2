namespace McpGate.Core.Cluster;

/// <summary>A delete or eviction happens only if the object still has this uid and/or resourceVersion (<see cref="ClusterErrorKind.Conflict"/> otherwise).</summary>
public sealed record DeletePreconditions
{
    /// <summary>The object must be this incarnation, not one re-created under the same name.</summary>
    public string? Uid { get; init; }

    /// <summary>The object must not have changed since it was read.</summary>
    public string? ResourceVersion { get; init; }
}
