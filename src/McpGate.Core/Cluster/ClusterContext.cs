namespace McpGate.Core.Cluster;

/// <summary>One kubeconfig context as read tools may show it: names, server and how it authenticates, never credentials.</summary>
public sealed record ClusterContext
{
    public required string Name { get; init; }

    public required string Cluster { get; init; }

    /// <summary>The API server URL; null when the context names a cluster the kubeconfig lacks.</summary>
    public string? Server { get; init; }

    public required string User { get; init; }

    public string? Namespace { get; init; }

    /// <summary>How the user authenticates (<c>token</c>, <c>client certificate</c>, <c>exec: aws</c>), never with what.</summary>
    public required string Authentication { get; init; }

    /// <summary>True for the context this gate talks to; the gate uses no other.</summary>
    public bool InUse { get; init; }
}
