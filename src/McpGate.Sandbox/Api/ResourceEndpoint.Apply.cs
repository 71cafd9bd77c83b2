using System.Text;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Api.Apply;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using Microsoft.AspNetCore.Http;
using YamlDotNet.Core;

namespace McpGate.Sandbox.Api;

internal sealed partial class ResourceEndpoint
{
    private static bool IsApplyPatch(string? contentType) =>
        string.Equals((contentType ?? string.Empty).Split(';', 2)[0].Trim(), ServerSideApply.ContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>PATCH with application/apply-patch+yaml: server-side apply, creating the object when missing.</summary>
    private async Task ApplyAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var manager = request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw new ApiException(ApiErrors.Invalid("PatchOptions.meta.k8s.io", "meta.k8s.io", "PatchOptions", string.Empty,
                [StatusCause.Required("fieldManager", "is required for apply patch")]));
        }

        var force = request.Query["force"].ToString() is "true" or "1";
        var dryRun = IsDryRun(request);
        var applied = await ReadApplyBodyAsync(context, cancellationToken).ConfigureAwait(false);
        var definition = target.Definition;
        var name = target.Name!;
        var appliedName = JsonFields.String(applied, "metadata", "name");
        if (!string.IsNullOrEmpty(appliedName) && appliedName != name)
        {
            throw new ApiException(ApiErrors.BadRequest($"the name of the object ({appliedName}) does not match the name on the URL ({name})"));
        }

        var time = Timestamps.Format(_objects.Now);
        JsonObject result;
        if (_objects.Store.Get(ObjectService.KeyOf(definition, target.Namespace, name)) is null)
        {
            var merged = ServerSideApply.Apply(definition, name, null, applied, manager, force, time);
            JsonFields.Metadata(merged)["name"] = name;
            var managed = JsonFields.Metadata(merged)["managedFields"]?.DeepClone();
            result = _objects.Create(definition, target.Namespace, merged, dryRun, (_, _) => managed?.DeepClone());
            await HttpJson.WriteAsync(context, 201, result, cancellationToken).ConfigureAwait(false);
            return;
        }

        JsonNode? managedFields = null;
        result = _objects.Update(definition, target.Namespace, name, current =>
        {
            EnsureResourceVersion(definition, name, applied, current);
            var merged = ServerSideApply.Apply(definition, name, current, applied, manager, force, time);
            managedFields = JsonFields.Metadata(merged)["managedFields"]?.DeepClone();
            return KeepStatus(definition, current, merged);
        }, dryRun, (_, _) => managedFields?.DeepClone());
        await HttpJson.WriteAsync(context, 200, result, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonObject> ReadApplyBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var documents = YamlJson.ParseDocuments(text);
            return documents.Count == 1 && documents[0].Node is JsonObject obj
                ? obj
                : throw new ApiException(ApiErrors.BadRequest("the apply patch must be a single YAML or JSON object"));
        }
        catch (YamlException ex)
        {
            throw new ApiException(ApiErrors.BadRequest($"error decoding YAML: {ex.Message}"));
        }
    }

    /// <summary>Who made an ordinary write: ?fieldManager, else the client's name from User-Agent, as the API server does.</summary>
    private ManagedFieldsUpdate TrackUpdate(HttpRequest request, ResourceDefinition definition)
    {
        var manager = request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            var agent = request.Headers.UserAgent.ToString();
            manager = agent.Length == 0 ? "unknown" : agent.Split('/', 2)[0];
        }

        var time = Timestamps.Format(_objects.Now);
        return (current, proposed) => ManagedFields.ForUpdate(current, proposed, manager, definition.ApiVersion, time, !definition.HasStatusSubresource);
    }
}
