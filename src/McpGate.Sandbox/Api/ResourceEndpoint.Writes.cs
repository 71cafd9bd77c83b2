using System.Text.Json.Nodes;
using McpGate.Sandbox.Api.Patching;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Api;

internal sealed partial class ResourceEndpoint
{
    private async Task CreateAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        Require(target, "create");
        var dryRun = IsDryRun(context.Request);
        var body = await HttpJson.ReadObjectAsync(context, cancellationToken).ConfigureAwait(false);
        var created = _objects.Create(target.Definition, target.Namespace, body, dryRun, TrackUpdate(context.Request, target.Definition));
        await HttpJson.WriteAsync(context, 201, created, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReplaceAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        Require(target, "update");
        var dryRun = IsDryRun(context.Request);
        var body = await HttpJson.ReadObjectAsync(context, cancellationToken).ConfigureAwait(false);
        var definition = target.Definition;
        var updated = _objects.Update(definition, target.Namespace, target.Name!, current =>
        {
            EnsureResourceVersion(definition, target.Name!, body, current);
            return KeepStatus(definition, current, (JsonObject)body.DeepClone());
        }, dryRun, TrackUpdate(context.Request, definition));
        await HttpJson.WriteAsync(context, 200, updated, cancellationToken).ConfigureAwait(false);
    }

    private async Task PatchAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        Require(target, "patch");
        var contentType = context.Request.ContentType;
        if (IsApplyPatch(contentType))
        {
            await ApplyAsync(context, target, cancellationToken).ConfigureAwait(false);
            return;
        }

        var dryRun = IsDryRun(context.Request);
        var patch = await HttpJson.ReadAsync(context, cancellationToken).ConfigureAwait(false);
        var definition = target.Definition;
        var updated = _objects.Update(definition, target.Namespace, target.Name!, current =>
        {
            var patched = PatchTypes.Apply(contentType, (JsonObject)current.DeepClone(), patch);
            EnsureResourceVersion(definition, target.Name!, patched, current);
            return KeepStatus(definition, current, patched);
        }, dryRun, TrackUpdate(context.Request, definition));
        await HttpJson.WriteAsync(context, 200, updated, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReplaceSubresourceAsync(HttpContext context, RequestTarget target, ISubresource subresource, CancellationToken cancellationToken)
    {
        var dryRun = IsDryRun(context.Request);
        var body = await HttpJson.ReadObjectAsync(context, cancellationToken).ConfigureAwait(false);
        var definition = target.Definition;
        var updated = _objects.Update(definition, target.Namespace, target.Name!, current =>
        {
            EnsureResourceVersion(definition, target.Name!, body, current);
            return subresource.Merge(definition, current, body);
        }, dryRun);
        await HttpJson.WriteAsync(context, 200, subresource.Project(definition, updated), cancellationToken).ConfigureAwait(false);
    }

    private async Task PatchSubresourceAsync(HttpContext context, RequestTarget target, ISubresource subresource, CancellationToken cancellationToken)
    {
        var dryRun = IsDryRun(context.Request);
        var contentType = context.Request.ContentType;
        var patch = await HttpJson.ReadAsync(context, cancellationToken).ConfigureAwait(false);
        var definition = target.Definition;
        var updated = _objects.Update(definition, target.Namespace, target.Name!, current =>
        {
            var view = subresource.Project(definition, (JsonObject)current.DeepClone());
            var patched = PatchTypes.Apply(contentType, view, patch);
            EnsureResourceVersion(definition, target.Name!, patched, current);
            return subresource.Merge(definition, current, patched);
        }, dryRun);
        await HttpJson.WriteAsync(context, 200, subresource.Project(definition, updated), cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        Require(target, "delete");
        var dryRun = IsDryRun(context.Request);
        var options = await HttpJson.ReadAsync(context, cancellationToken).ConfigureAwait(false);
        var preconditions = JsonFields.FindObject(options, "preconditions") is { } p
            ? new DeletePreconditions(JsonFields.String(p, "uid"), JsonFields.String(p, "resourceVersion"))
            : null;
        if (JsonFields.FindArray(options, "dryRun") is { Count: > 0 } bodyDryRun)
        {
            dryRun |= bodyDryRun.Any(v => (string?)v == "All");
        }

        var policy = JsonFields.String(options, "propagationPolicy") ?? context.Request.Query["propagationPolicy"].FirstOrDefault();
        if (policy is null && options?["orphanDependents"] is JsonValue orphan && orphan.TryGetValue<bool>(out var orphanDependents))
        {
            policy = orphanDependents ? "Orphan" : "Background";
        }

        if (policy is not null and not "Orphan" and not "Foreground" and not "Background")
        {
            throw new ApiException(ApiErrors.Invalid("DeleteOptions.meta.k8s.io", "meta.k8s.io", "DeleteOptions", string.Empty,
                [new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"", "propagationPolicy")]));
        }

        var outcome = _objects.Delete(target.Definition, target.Namespace, target.Name!, preconditions, dryRun, policy);
        if (outcome.Pending)
        {
            // Still there, marked for deletion until its finalizers are removed: the API server answers with the object.
            await HttpJson.WriteAsync(context, 200, outcome.Object, cancellationToken).ConfigureAwait(false);
            return;
        }

        var deleted = outcome.Object;
        var details = new JsonObject
        {
            ["name"] = target.Name,
            ["kind"] = target.Definition.Plural,
            ["uid"] = JsonFields.String(deleted, "metadata", "uid"),
        };
        if (target.Definition.Group.Length > 0)
        {
            details["group"] = target.Definition.Group;
        }

        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
        await HttpJson.WriteAsync(context, 200, status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Optimistic concurrency: a body carrying a resourceVersion must carry the current one.</summary>
    private static void EnsureResourceVersion(ResourceDefinition definition, string name, JsonObject body, JsonObject current)
    {
        var expected = JsonFields.String(body, "metadata", "resourceVersion");
        if (!string.IsNullOrEmpty(expected)
            && !string.Equals(expected, JsonFields.String(current, "metadata", "resourceVersion"), StringComparison.Ordinal))
        {
            throw new ApiException(ApiErrors.Modified(definition, name));
        }
    }

    /// <summary>Writes to the main resource cannot change status when status is a subresource.</summary>
    private static JsonObject KeepStatus(ResourceDefinition definition, JsonObject current, JsonObject proposed)
    {
        if (definition.HasStatusSubresource)
        {
            proposed.Remove("status");
            if (current["status"] is { } status)
            {
                proposed["status"] = status.DeepClone();
            }
        }

        return proposed;
    }
}
