using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Api;

/// <summary>Writes with a field manager, the eviction subresource, and reads of any subresource.</summary>
public sealed partial class KubeApiClient
{
    /// <summary>POST a new object into the collection named by <paramref name="target"/> (its name is ignored), as <see cref="KubeWriteOptions.FieldManager"/>.</summary>
    public Task<JsonObject> CreateAsync(ResourceRef target, JsonObject body, KubeWriteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        var path = KubeResourcePath.WithQuery(KubeResourcePath.For(target.WithName(null)), DryRun(options.DryRun), ("fieldManager", options.FieldManager));
        return SendAsync(HttpMethod.Post, path, body, "application/json", cancellationToken);
    }

    /// <summary>PATCH an object, or its <paramref name="subresource"/>, as <see cref="KubeWriteOptions.FieldManager"/>.</summary>
    public Task<JsonObject> PatchAsync(
        ResourceRef target,
        JsonNode patch,
        KubePatchType patchType,
        KubeWriteOptions options,
        string? subresource = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return PatchCoreAsync(target, subresource, patch, patchType, options.DryRun, cancellationToken, options.FieldManager);
    }

    /// <summary>
    /// POST a policy/v1 Eviction to the pod's <c>eviction</c> subresource: the server deletes the pod unless a
    /// PodDisruptionBudget forbids it (429 TooManyRequests with a <c>DisruptionBudget</c> cause). Never retried.
    /// </summary>
    public Task<JsonObject> EvictAsync(
        ResourceRef pod,
        KubeDeletePreconditions? preconditions = null,
        bool dryRun = false,
        CancellationToken cancellationToken = default)
    {
        RequireName(pod);
        if (pod.Group.Length != 0 || pod.Resource != "pods")
        {
            throw new ArgumentException("Only core/v1 pods can be evicted.", nameof(pod));
        }

        var metadata = new JsonObject { ["name"] = pod.Name };
        if (pod.Namespace is { } ns)
        {
            metadata["namespace"] = ns;
        }

        var eviction = new JsonObject { ["apiVersion"] = "policy/v1", ["kind"] = "Eviction", ["metadata"] = metadata };
        if (preconditions is not null)
        {
            eviction["deleteOptions"] = new JsonObject
            {
                ["kind"] = "DeleteOptions",
                ["apiVersion"] = "v1",
                ["preconditions"] = PreconditionsBody(preconditions),
            };
        }

        var path = KubeResourcePath.WithQuery(KubeResourcePath.For(pod, "eviction"), DryRun(dryRun));
        return SendAsync(HttpMethod.Post, path, eviction, "application/json", cancellationToken);
    }

    /// <summary>GET any subresource of one object (<c>scale</c>, <c>status</c>...).</summary>
    public Task<JsonObject> GetSubresourceAsync(ResourceRef target, string subresource, CancellationToken cancellationToken = default)
    {
        RequireName(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(subresource);
        return SendAsync(HttpMethod.Get, KubeResourcePath.For(target, subresource), null, null, cancellationToken);
    }

    private static JsonObject PreconditionsBody(KubeDeletePreconditions preconditions)
    {
        var conditions = new JsonObject();
        if (preconditions.Uid is { } uid)
        {
            conditions["uid"] = uid;
        }

        if (preconditions.ResourceVersion is { } resourceVersion)
        {
            conditions["resourceVersion"] = resourceVersion;
        }

        return conditions;
    }
}
