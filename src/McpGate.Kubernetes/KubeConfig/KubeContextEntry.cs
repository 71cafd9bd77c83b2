namespace McpGate.Kubernetes.KubeConfig;

/// <summary>A <c>contexts[]</c> entry: which cluster, as which user, in which namespace.</summary>
public sealed record KubeContextEntry
{
    public required string Name { get; init; }

    public required string Cluster { get; init; }

    public required string User { get; init; }

    public string? Namespace { get; init; }

    public required KubeConfigSource Source { get; init; }
}
