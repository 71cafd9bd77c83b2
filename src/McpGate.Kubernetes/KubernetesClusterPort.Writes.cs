using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes;

/// <summary>The write verbs strategies use: patch of each type, server-side apply, create, delete, eviction.</summary>
public sealed partial class KubernetesClusterPort
{
    public async Task<JsonObject> PatchAsync(ResourceRef target, PatchRequest patch, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        var verb = dryRun ? "dry-run patch" : "patch";
        try
        {
            var body = ClusterRequests.PatchBody(patch);
            var options = new KubeWriteOptions { DryRun = dryRun, FieldManager = patch.FieldManager };
            return await _client.PatchAsync(target, body, ClusterRequests.ToKube(patch.Type), options, patch.Subresource, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (patch.Type == PatchType.Json && patch.ResourceVersion is not null && ex.Reason == KubeApiReason.Invalid)
        {
            // A failed JSON patch 'test' is a 422 on the wire; when it was the precondition's, say Conflict as for the other patch types.
            throw await JsonPatchFailureAsync(ex, verb, target, patch.ResourceVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, verb, target, ClusterName);
        }
    }

    public async Task<JsonObject> ApplyAsync(ResourceRef target, ApplyRequest apply, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(apply);
        try
        {
            var body = ClusterRequests.ApplyBody(target, apply);
            return await _client.ApplyAsync(target, body, apply.FieldManager, apply.Force, dryRun, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, dryRun ? "dry-run apply" : "apply", target, ClusterName);
        }
    }

    public async Task<JsonObject> CreateAsync(ResourceRef target, CreateRequest create, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(create);
        try
        {
            var body = ClusterRequests.CreateBody(target, create);
            var options = new KubeWriteOptions { DryRun = dryRun, FieldManager = create.FieldManager };
            return await _client.CreateAsync(target, body, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, dryRun ? "dry-run create" : "create", target, ClusterName);
        }
    }

    public async Task<JsonObject> DeleteAsync(ResourceRef target, DeleteRequest request, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            if (string.IsNullOrEmpty(target.Name))
            {
                throw new InvalidClusterRequestException("target.name", "a delete needs the name of one object");
            }

            return await _client.DeleteAsync(target, ClusterRequests.DeleteOptions(request, dryRun), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, dryRun ? "dry-run delete" : "delete", target, ClusterName);
        }
    }

    public async Task<JsonObject> EvictAsync(ResourceRef pod, DeletePreconditions? preconditions, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pod);
        try
        {
            ClusterRequests.RequireEvictable(pod);
            return await _client.EvictAsync(pod, ClusterRequests.ToKube(preconditions), dryRun, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, dryRun ? "dry-run evict" : "evict", pod, ClusterName);
        }
    }

    /// <summary>
    /// After a JSON patch with a resourceVersion test failed with 422: a Conflict when the object is no longer
    /// at that version (NotFound when gone), else the server's Invalid (another operation failed).
    /// </summary>
    private async Task<ClusterException> JsonPatchFailureAsync(KubeApiException failure, string verb, ResourceRef target, string expected, CancellationToken cancellationToken)
    {
        JsonObject? current;
        try
        {
            current = await GetAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException)
        {
            return ClusterErrorTranslator.Translate(failure, verb, target, ClusterName);
        }

        var actual = current?["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (current is not null && actual == expected)
        {
            return ClusterErrorTranslator.Translate(failure, verb, target, ClusterName);
        }

        return current is null
            ? ClusterErrorTranslator.PreconditionFailed(failure, verb, target, ClusterName, ClusterErrorKind.NotFound, $"{target} does not exist any more")
            : ClusterErrorTranslator.PreconditionFailed(
                failure, verb, target, ClusterName, ClusterErrorKind.Conflict, $"the object is at resourceVersion {actual}, the patch expected {expected}");
    }
}
