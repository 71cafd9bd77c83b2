using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Api;

/// <summary>Server-side apply, delete with propagation, and the status and log subresources.</summary>
public sealed partial class KubeApiClient
{
    /// <summary>
    /// Server-side apply (<c>application/apply-patch+yaml</c>): the server merges <paramref name="manifest"/>
    /// into the object as <paramref name="fieldManager"/>, creating it when missing. With
    /// <paramref name="force"/> fields owned by other managers are taken over instead of failing with 409.
    /// </summary>
    public Task<JsonObject> ApplyAsync(
        ResourceRef target,
        JsonObject manifest,
        string fieldManager,
        bool force = false,
        bool dryRun = false,
        CancellationToken cancellationToken = default)
    {
        RequireName(target);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldManager);
        var path = KubeResourcePath.WithQuery(
            KubeResourcePath.For(target),
            ("fieldManager", fieldManager),
            ("force", force ? "true" : null),
            DryRun(dryRun));

        // JSON is YAML, so the manifest goes as it is.
        return SendAsync(HttpMethod.Patch, path, manifest, "application/apply-patch+yaml", cancellationToken);
    }

    /// <summary>DELETE with preconditions, a propagation policy and a grace period.</summary>
    public Task<JsonObject> DeleteAsync(ResourceRef target, KubeDeleteOptions options, CancellationToken cancellationToken = default)
    {
        RequireName(target);
        ArgumentNullException.ThrowIfNull(options);
        var body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
        if (options.Preconditions is { } preconditions)
        {
            body["preconditions"] = PreconditionsBody(preconditions);
        }

        if (options.PropagationPolicy is { } policy)
        {
            body["propagationPolicy"] = policy.ToString();
        }

        if (options.GracePeriodSeconds is { } grace)
        {
            body["gracePeriodSeconds"] = grace;
        }

        var path = KubeResourcePath.WithQuery(KubeResourcePath.For(target), DryRun(options.DryRun));
        return SendAsync(HttpMethod.Delete, path, body, "application/json", cancellationToken);
    }

    /// <summary>GET the <c>status</c> subresource.</summary>
    public Task<JsonObject> GetStatusAsync(ResourceRef target, CancellationToken cancellationToken = default)
    {
        RequireName(target);
        return SendAsync(HttpMethod.Get, KubeResourcePath.For(target, "status"), null, null, cancellationToken);
    }

    /// <summary>PATCH the <c>status</c> subresource (controllers' path; spec changes are ignored there).</summary>
    public Task<JsonObject> PatchStatusAsync(
        ResourceRef target,
        JsonNode patch,
        KubePatchType patchType = KubePatchType.Merge,
        bool dryRun = false,
        CancellationToken cancellationToken = default) =>
        PatchCoreAsync(target, "status", patch, patchType, dryRun, cancellationToken);

    /// <summary>A pod's log (the <c>log</c> subresource) as text; <paramref name="tailLines"/> limits it to the last lines.</summary>
    public Task<string> GetLogAsync(
        ResourceRef pod,
        string? container = null,
        int? tailLines = null,
        CancellationToken cancellationToken = default) =>
        GetLogAsync(pod, new KubeLogOptions { Container = container, TailLines = tailLines }, cancellationToken);

    /// <summary>A pod's log (the <c>log</c> subresource) as text, with every option the server takes.</summary>
    public async Task<string> GetLogAsync(ResourceRef pod, KubeLogOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireName(pod);
        if (pod.Group.Length != 0 || pod.Resource != "pods")
        {
            throw new ArgumentException("Logs exist for core/v1 pods only.", nameof(pod));
        }

        var path = KubeResourcePath.WithQuery(
            KubeResourcePath.For(pod, "log"),
            ("container", options.Container),
            ("previous", options.Previous ? "true" : null),
            ("tailLines", options.TailLines?.ToString(CultureInfo.InvariantCulture)),
            ("sinceSeconds", options.SinceSeconds?.ToString(CultureInfo.InvariantCulture)),
            ("limitBytes", options.LimitBytes?.ToString(CultureInfo.InvariantCulture)));
        using var response = await SendCheckedAsync(HttpMethod.Get, path, null, null, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(bytes);
    }
}
