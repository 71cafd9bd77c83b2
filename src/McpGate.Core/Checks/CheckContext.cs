using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;

namespace McpGate.Core.Checks;

/// <summary>What a check may look at: the tool call, the target before and after the dry run, and the cluster (read-only).</summary>
internal sealed record CheckContext
{
    public required ToolManifest Tool { get; init; }

    public required BoundArguments Arguments { get; init; }

    public required ResourceRef Target { get; init; }

    /// <summary>The target as read before the change; null when it does not exist yet (a create).</summary>
    public required JsonObject? Observed { get; init; }

    /// <summary>The object the API server returned for the dry run: the target as the change would leave it.</summary>
    public required JsonObject DryRun { get; init; }

    public required IClusterReader Cluster { get; init; }
}
