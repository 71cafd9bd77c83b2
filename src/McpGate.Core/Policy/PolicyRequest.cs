using McpGate.Core.Manifests;

namespace McpGate.Core.Policy;

public sealed record PolicyRequest
{
    public required string Tool { get; init; }

    public required ToolAccess Access { get; init; }

    /// <summary>Target namespace; null for cluster-scoped targets.</summary>
    public string? Namespace { get; init; }

    /// <summary>kubeconfig context name of the target cluster.</summary>
    public required string Cluster { get; init; }

    /// <summary>The agent asking.</summary>
    public required string Requester { get; init; }

    /// <summary>Bound arguments: <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/>.</summary>
    public required IReadOnlyDictionary<string, object?> Arguments { get; init; }

    public required DateTimeOffset Time { get; init; }
}
