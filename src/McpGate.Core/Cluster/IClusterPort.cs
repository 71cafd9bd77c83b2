using System.Text.Json.Nodes;

namespace McpGate.Core.Cluster;

/// <summary>
/// The engine's only way to reach infrastructure: read, dry-run and write with a
/// precondition. Implemented by McpGate.Kubernetes over real HTTP.
/// </summary>
public interface IClusterPort
{
    /// <summary>The cluster (kubeconfig context) this port talks to; recorded in proofs.</summary>
    string ClusterName { get; }

    /// <summary>
    /// What the cluster is (server URL, certificate digest, kube-system uid), whatever its context is
    /// called; signed into proofs and compared before every write. Resolved on the first call and
    /// cached for the life of the port; a failed resolution is not cached.
    /// </summary>
    /// <exception cref="ClusterException">The API server could not be reached or answered with an error.</exception>
    Task<ClusterIdentity> GetIdentityAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one object; null when it does not exist (404).</summary>
    Task<JsonObject?> GetAsync(ResourceRef target, CancellationToken cancellationToken = default);

    /// <summary>Lists a collection (target.Name must be null); returns the list object with its items.</summary>
    Task<JsonObject> ListAsync(ResourceRef target, string? labelSelector = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a JSON merge patch (RFC 7386). When <paramref name="resourceVersion"/> is set it is
    /// sent as <c>metadata.resourceVersion</c>, so the server refuses the write with a conflict
    /// if the object changed since. With <paramref name="dryRun"/> the server runs admission and
    /// validation and returns the would-be object without persisting it.
    /// </summary>
    Task<JsonObject> PatchAsync(
        ResourceRef target,
        JsonObject mergePatch,
        string? resourceVersion,
        bool dryRun,
        CancellationToken cancellationToken = default);
}
