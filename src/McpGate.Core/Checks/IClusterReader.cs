using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Checks;

/// <summary>What a check may do with the cluster: read. Nothing a check holds can write.</summary>
internal interface IClusterReader
{
    /// <summary>Reads one object; null when it does not exist.</summary>
    /// <exception cref="ClusterException">The read failed.</exception>
    Task<JsonObject?> GetAsync(ResourceRef target, CancellationToken cancellationToken = default);

    /// <summary>Lists a collection, optionally by label selector.</summary>
    /// <exception cref="ClusterException">The list failed.</exception>
    Task<JsonObject> ListAsync(ResourceRef target, string? labelSelector = null, CancellationToken cancellationToken = default);
}
