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

    /// <summary>The same cluster, read-only: what read tools get (it can send GET requests only).</summary>
    IClusterReader Reader { get; }

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

    /// <summary>Lists a collection (target.Name must be null) filtered by labels and/or fields; returns the list object with its items.</summary>
    Task<JsonObject> ListAsync(ResourceRef target, ListFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Reads a subresource of one object, e.g. <c>scale</c> or <c>status</c>; null when the object does not exist.</summary>
    Task<JsonObject?> GetSubresourceAsync(ResourceRef target, string subresource, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a JSON merge patch (RFC 7386). When <paramref name="resourceVersion"/> is set it is
    /// sent as <c>metadata.resourceVersion</c>, so the server refuses the write with a conflict
    /// if the object changed since. With <paramref name="dryRun"/> the server runs admission and
    /// validation and returns the would-be object without persisting it.
    /// Same as <see cref="PatchAsync(ResourceRef, PatchRequest, bool, CancellationToken)"/> with a merge patch.
    /// </summary>
    Task<JsonObject> PatchAsync(
        ResourceRef target,
        JsonObject mergePatch,
        string? resourceVersion,
        bool dryRun,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Patches an object (or its <see cref="PatchRequest.Subresource"/>) with a JSON, merge or strategic
    /// merge patch under the request's resourceVersion precondition; returns what the server stored (or,
    /// with <paramref name="dryRun"/>, would store: nothing is persisted).
    /// </summary>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorKind.Conflict"/> when the object's resourceVersion is not the request's,
    /// <see cref="ClusterErrorKind.NotFound"/> when it does not exist, <see cref="ClusterErrorKind.Invalid"/>
    /// for a patch the server (or, before sending, the port) refuses; the message names the field and the rule.
    /// </exception>
    Task<JsonObject> PatchAsync(ResourceRef target, PatchRequest patch, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>Server-side apply of one object: creates it when absent, updates the fields it owns when present.</summary>
    /// <exception cref="ClusterException"><see cref="ClusterErrorKind.Conflict"/> when another field manager owns a field (without force) or the resourceVersion precondition failed.</exception>
    Task<JsonObject> ApplyAsync(ResourceRef target, ApplyRequest apply, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates an object in the collection of <paramref name="target"/> (its name, when set, must be the
    /// object's); returns the created object. A dry run returns it without persisting it.
    /// </summary>
    /// <exception cref="ClusterException"><see cref="ClusterErrorKind.AlreadyExists"/> when an object of that name exists (it is left unchanged).</exception>
    Task<JsonObject> CreateAsync(ResourceRef target, CreateRequest create, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes one object under the request's preconditions and propagation. Returns what the server
    /// returns: the object itself while it is still being deleted (finalizers, foreground propagation),
    /// otherwise a <c>Status</c> (kind <c>Status</c>, <c>status: Success</c>, <c>details.uid</c>).
    /// </summary>
    /// <exception cref="ClusterException"><see cref="ClusterErrorKind.NotFound"/> when there is no such object; <see cref="ClusterErrorKind.Conflict"/> when a precondition failed (the object stays).</exception>
    Task<JsonObject> DeleteAsync(ResourceRef target, DeleteRequest request, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>
    /// Evicts a pod (a policy/v1 Eviction posted to its <c>eviction</c> subresource): the API server deletes it
    /// unless a PodDisruptionBudget allows no disruption now. Returns the server's Status.
    /// </summary>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorKind.DisruptionBudget"/> when a budget refuses (the pod stays; try again once
    /// the budget allows it), distinct from <see cref="ClusterErrorKind.TooManyRequests"/> throttling.
    /// </exception>
    Task<JsonObject> EvictAsync(ResourceRef pod, DeletePreconditions? preconditions, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>
    /// The resource that serves objects of <paramref name="kind"/> in <paramref name="apiVersion"/>
    /// (<c>apps/v1</c>, <c>Deployment</c>), from the API server's discovery: its group, version and
    /// plural, and whether it is namespaced; null when the cluster serves no such kind.
    /// </summary>
    /// <exception cref="ClusterException">Discovery could not be read.</exception>
    Task<ResourceKind?> ResolveKindAsync(string apiVersion, string kind, CancellationToken cancellationToken = default);
}
