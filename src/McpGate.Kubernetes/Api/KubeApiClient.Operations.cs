using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Api;

/// <summary>The verbs: get, list, create, patch, replace, delete, and the scale subresource. Every write takes <c>dryRun</c>.</summary>
public sealed partial class KubeApiClient
{
    /// <summary>GET one object. A missing object throws <see cref="KubeApiException"/> with <see cref="KubeApiReason.NotFound"/>.</summary>
    public Task<JsonObject> GetAsync(ResourceRef target, CancellationToken cancellationToken = default)
    {
        RequireName(target);
        return SendAsync(HttpMethod.Get, KubeResourcePath.For(target), null, null, cancellationToken);
    }

    /// <summary>LIST a collection (<paramref name="target"/> without a name; without a namespace for all namespaces).</summary>
    public Task<JsonObject> ListAsync(ResourceRef target, KubeListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Name is not null)
        {
            throw new ArgumentException("A list target must not have a name.", nameof(target));
        }

        var path = KubeResourcePath.WithQuery(
            KubeResourcePath.For(target),
            ("labelSelector", options?.LabelSelector),
            ("fieldSelector", options?.FieldSelector),
            ("limit", options?.Limit?.ToString(CultureInfo.InvariantCulture)),
            ("continue", options?.Continue),
            ("resourceVersion", options?.ResourceVersion));
        return SendAsync(HttpMethod.Get, path, null, null, cancellationToken);
    }

    /// <summary>POST a new object into the collection named by <paramref name="target"/> (its name is ignored).</summary>
    public Task<JsonObject> CreateAsync(ResourceRef target, JsonObject body, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(body);
        var path = KubeResourcePath.WithQuery(KubeResourcePath.For(target.WithName(null)), DryRun(dryRun));
        return SendAsync(HttpMethod.Post, path, body, "application/json", cancellationToken);
    }

    /// <summary>PATCH an object; a JSON patch body is an array, the others are objects.</summary>
    public Task<JsonObject> PatchAsync(
        ResourceRef target,
        JsonNode patch,
        KubePatchType patchType = KubePatchType.Merge,
        bool dryRun = false,
        CancellationToken cancellationToken = default) =>
        PatchCoreAsync(target, null, patch, patchType, dryRun, cancellationToken);

    /// <summary>PUT a whole object; include <c>metadata.resourceVersion</c> to refuse the write (409) if it changed.</summary>
    public Task<JsonObject> ReplaceAsync(ResourceRef target, JsonObject body, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        RequireName(target);
        ArgumentNullException.ThrowIfNull(body);
        var path = KubeResourcePath.WithQuery(KubeResourcePath.For(target), DryRun(dryRun));
        return SendAsync(HttpMethod.Put, path, body, "application/json", cancellationToken);
    }

    /// <summary>DELETE an object, optionally only if its uid / resourceVersion still match (409 otherwise).</summary>
    public Task<JsonObject> DeleteAsync(
        ResourceRef target,
        KubeDeletePreconditions? preconditions = null,
        bool dryRun = false,
        CancellationToken cancellationToken = default)
    {
        RequireName(target);
        JsonObject? body = null;
        if (preconditions is not null)
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

            body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["preconditions"] = conditions };
        }

        var path = KubeResourcePath.WithQuery(KubeResourcePath.For(target), DryRun(dryRun));
        return SendAsync(HttpMethod.Delete, path, body, "application/json", cancellationToken);
    }

    /// <summary>GET the <c>scale</c> subresource (autoscaling/v1 Scale).</summary>
    public Task<JsonObject> GetScaleAsync(ResourceRef target, CancellationToken cancellationToken = default)
    {
        RequireName(target);
        return SendAsync(HttpMethod.Get, KubeResourcePath.For(target, "scale"), null, null, cancellationToken);
    }

    /// <summary>Merge-patches the <c>scale</c> subresource to <paramref name="replicas"/>.</summary>
    public Task<JsonObject> PatchScaleAsync(ResourceRef target, int replicas, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        return PatchCoreAsync(target, "scale", patch, KubePatchType.Merge, dryRun, cancellationToken);
    }

    private Task<JsonObject> PatchCoreAsync(
        ResourceRef target,
        string? subresource,
        JsonNode patch,
        KubePatchType patchType,
        bool dryRun,
        CancellationToken cancellationToken,
        string? fieldManager = null)
    {
        RequireName(target);
        ArgumentNullException.ThrowIfNull(patch);
        var contentType = patchType switch
        {
            KubePatchType.Merge => "application/merge-patch+json",
            KubePatchType.Json => "application/json-patch+json",
            KubePatchType.StrategicMerge => "application/strategic-merge-patch+json",
            _ => throw new ArgumentOutOfRangeException(nameof(patchType), patchType, "Unknown patch type."),
        };
        if ((patchType == KubePatchType.Json) != (patch is JsonArray))
        {
            throw new ArgumentException("A JSON patch is an array of operations; merge and strategic patches are objects.", nameof(patch));
        }

        var path = KubeResourcePath.WithQuery(KubeResourcePath.For(target, subresource), DryRun(dryRun), ("fieldManager", fieldManager));
        return SendAsync(HttpMethod.Patch, path, patch, contentType, cancellationToken);
    }

    private static (string, string?) DryRun(bool dryRun) => ("dryRun", dryRun ? "All" : null);

    private static void RequireName(ResourceRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrEmpty(target.Name))
        {
            throw new ArgumentException("The target must name an object.", nameof(target));
        }
    }
}
