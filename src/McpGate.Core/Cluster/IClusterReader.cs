using System.Text.Json.Nodes;

namespace McpGate.Core.Cluster;

/// <summary>
/// What read tools may do with a cluster: get, list, read logs, discovery and schemas. Nothing here
/// writes, and the Kubernetes implementation sends GET requests only (its client refuses any other
/// method before sending), so a read tool cannot change the cluster whatever its manifest says.
/// </summary>
public interface IClusterReader
{
    /// <summary>The cluster (kubeconfig context) this reader talks to.</summary>
    string ClusterName { get; }

    /// <summary>Reads one object; null when it does not exist (404).</summary>
    /// <exception cref="ClusterException">Any other failure: forbidden, unreachable, a resource the cluster does not serve.</exception>
    Task<JsonObject?> GetAsync(ResourceRef target, CancellationToken cancellationToken = default);

    /// <summary>One page of a collection (target.Name null; Namespace null for every namespace): the list object with its items and <c>metadata.continue</c>.</summary>
    Task<JsonObject> ListAsync(ResourceRef collection, ListQuery query, CancellationToken cancellationToken = default);

    /// <summary>A container's log (the pod's <c>log</c> subresource).</summary>
    /// <exception cref="ClusterException">NotFound when the pod is absent; Invalid when the container or previous instance does not exist (the message says which).</exception>
    Task<PodLog> GetLogAsync(ResourceRef pod, LogQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every resource the cluster serves (discovery), each group at its preferred version.</summary>
    Task<IReadOnlyList<ServedResource>> GetServedResourcesAsync(CancellationToken cancellationToken = default);

    /// <summary>The OpenAPI v3 document of one group version (<c>apps/v1</c>, <c>v1</c>); null when the cluster does not publish it.</summary>
    Task<JsonObject?> GetOpenApiAsync(string apiVersion, CancellationToken cancellationToken = default);
}
