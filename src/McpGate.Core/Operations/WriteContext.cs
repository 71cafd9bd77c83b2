using McpGate.Core.Cluster;
using McpGate.Core.Manifests;

namespace McpGate.Core.Operations;

/// <summary>What a strategy plans from: the tool, the agent's arguments, the resolved operation and the cluster (to read).</summary>
public sealed record WriteContext
{
    public required ToolManifest Tool { get; init; }

    public required BoundArguments Arguments { get; init; }

    public required ResolvedOperation Operation { get; init; }

    public required IClusterPort Cluster { get; init; }
}
