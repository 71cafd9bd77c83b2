using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Checks;

/// <summary>The read half of an <see cref="IClusterPort"/>, so checks cannot reach its writes.</summary>
internal sealed class ClusterReader : IClusterReader
{
    private readonly IClusterPort _port;

    public ClusterReader(IClusterPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        _port = port;
    }

    public Task<JsonObject?> GetAsync(ResourceRef target, CancellationToken cancellationToken = default) =>
        _port.GetAsync(target, cancellationToken);

    public Task<JsonObject> ListAsync(ResourceRef target, string? labelSelector = null, CancellationToken cancellationToken = default) =>
        _port.ListAsync(target, labelSelector, cancellationToken);
}
