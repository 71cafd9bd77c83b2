using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes;

/// <summary>
/// Turns the port's requests into the exact bodies sent, checking first what the server would refuse
/// less clearly (or, for a namespace mismatch, what must never reach it). Callers' objects are copied, never changed.
/// </summary>
internal static class ClusterRequests
{
    public const string ResourceVersionPointer = "/metadata/resourceVersion";

    /// <summary>The body of a patch with its precondition: <c>metadata.resourceVersion</c>, or a leading JSON patch <c>test</c> operation.</summary>
    public static JsonNode PatchBody(PatchRequest request)
    {
        RequireFieldManager(request.FieldManager);
        if (request.Subresource is { } subresource && (subresource.Trim().Length == 0 || subresource.Contains('/', StringComparison.Ordinal)))
        {
            throw new InvalidClusterRequestException("subresource", $"'{subresource}' must be one path segment such as scale or status");
        }

        if (request.Type == PatchType.Json)
        {
            if (request.Patch is not JsonArray operations)
            {
                throw new InvalidClusterRequestException("patch", $"a JSON patch (RFC 6902) must be an array of operations, not {Describe(request.Patch)}");
            }

            for (var i = 0; i < operations.Count; i++)
            {
                if (operations[i] is not JsonObject operation || !IsString(operation["op"]) || !IsString(operation["path"]))
                {
                    throw new InvalidClusterRequestException(
                        string.Create(CultureInfo.InvariantCulture, $"patch[{i}]"), "each JSON patch operation must be an object with string 'op' and 'path'");
                }
            }

            var body = new JsonArray();
            if (request.ResourceVersion is { } expected)
            {
                body.Add((JsonNode)new JsonObject { ["op"] = "test", ["path"] = ResourceVersionPointer, ["value"] = expected });
            }

            foreach (var operation in operations)
            {
                body.Add(operation!.DeepClone());
            }

            return body;
        }

        if (request.Patch is not JsonObject patch)
        {
            throw new InvalidClusterRequestException("patch", $"a {(request.Type == PatchType.Merge ? "merge" : "strategic merge")} patch must be a JSON object, not {Describe(request.Patch)}");
        }

        if (patch["metadata"] is { } metadata && metadata is not JsonObject)
        {
            throw new InvalidClusterRequestException("patch.metadata", "must be an object");
        }

        return KubernetesClusterPort.WithResourceVersion(patch, request.ResourceVersion);
    }

    public static KubePatchType ToKube(PatchType type) => type switch
    {
        PatchType.Merge => KubePatchType.Merge,
        PatchType.Json => KubePatchType.Json,
        PatchType.StrategicMerge => KubePatchType.StrategicMerge,
        _ => throw new InvalidClusterRequestException("type", $"'{type}' is not a patch type: use Json, Merge or StrategicMerge"),
    };

    /// <summary>The object to POST: name and namespace filled from the target when absent, refused when they disagree.</summary>
    public static JsonObject CreateBody(ResourceRef target, CreateRequest request)
    {
        RequireFieldManager(request.FieldManager);
        var body = Identified(target, request.Body, "body", requireTypeMeta: false);
        if (body["metadata"] is JsonObject metadata && metadata["resourceVersion"] is not null)
        {
            throw new InvalidClusterRequestException("body.metadata.resourceVersion", "must not be set on an object to be created");
        }

        if (target.Name is null && body["metadata"]?["name"] is null && body["metadata"]?["generateName"] is null)
        {
            throw new InvalidClusterRequestException("body.metadata.name", "is required (or metadata.generateName) when the target names no object");
        }

        return body;
    }

    /// <summary>The manifest to apply, with the target's name and namespace and the resourceVersion precondition.</summary>
    public static JsonObject ApplyBody(ResourceRef target, ApplyRequest request)
    {
        RequireFieldManager(request.FieldManager);
        if (string.IsNullOrEmpty(target.Name))
        {
            throw new InvalidClusterRequestException("target.name", "server-side apply needs the name of the object");
        }

        var body = Identified(target, request.Manifest, "manifest", requireTypeMeta: true);
        if (request.ResourceVersion is { } expected)
        {
            var metadata = (JsonObject)body["metadata"]!;
            if (metadata["resourceVersion"] is { } own && !(IsString(own) && own.GetValue<string>() == expected))
            {
                throw new InvalidClusterRequestException("manifest.metadata.resourceVersion", $"must be absent or equal the precondition '{expected}'");
            }

            metadata["resourceVersion"] = expected;
        }

        return body;
    }

    public static KubeDeleteOptions DeleteOptions(DeleteRequest request, bool dryRun) => new()
    {
        Preconditions = ToKube(request.Preconditions),
        PropagationPolicy = request.Propagation switch
        {
            null => null,
            DeletePropagation.Background => KubePropagationPolicy.Background,
            DeletePropagation.Foreground => KubePropagationPolicy.Foreground,
            DeletePropagation.Orphan => KubePropagationPolicy.Orphan,
            { } other => throw new InvalidClusterRequestException("propagation", $"'{other}' is not a propagation policy: use Background, Foreground or Orphan"),
        },
        DryRun = dryRun,
    };

    public static KubeDeletePreconditions? ToKube(DeletePreconditions? preconditions)
    {
        if (preconditions is null || (preconditions.Uid is null && preconditions.ResourceVersion is null))
        {
            return null;
        }

        if (preconditions.Uid is { Length: 0 } || preconditions.ResourceVersion is { Length: 0 })
        {
            throw new InvalidClusterRequestException("preconditions", "uid and resourceVersion must be null or non-empty");
        }

        return new KubeDeletePreconditions { Uid = preconditions.Uid, ResourceVersion = preconditions.ResourceVersion };
    }

    public static void RequireEvictable(ResourceRef pod)
    {
        if (pod.Group.Length != 0 || pod.Version != "v1" || pod.Resource != "pods" || string.IsNullOrEmpty(pod.Name))
        {
            throw new InvalidClusterRequestException("target", $"only a named core/v1 pod can be evicted, not {pod.ApiVersion} {pod.Resource} '{pod.Name}'");
        }
    }

    /// <summary>The API server's rule for <c>fieldManager</c>: non-empty, at most 128 printable characters.</summary>
    public static void RequireFieldManager(string fieldManager)
    {
        if (string.IsNullOrWhiteSpace(fieldManager) || fieldManager.Length > FieldManagers.MaxLength || fieldManager.Any(char.IsControl))
        {
            throw new InvalidClusterRequestException("fieldManager", $"must be 1 to {FieldManagers.MaxLength} printable characters");
        }
    }

    /// <summary>A copy of <paramref name="source"/> whose apiVersion, name and namespace agree with <paramref name="target"/>.</summary>
    private static JsonObject Identified(ResourceRef target, JsonObject source, string what, bool requireTypeMeta)
    {
        var body = source.DeepClone().AsObject();
        if (body["apiVersion"] is { } apiVersion ? !(IsString(apiVersion) && apiVersion.GetValue<string>() == target.ApiVersion) : requireTypeMeta)
        {
            throw new InvalidClusterRequestException($"{what}.apiVersion", $"must be '{target.ApiVersion}', the target's group and version");
        }

        if (requireTypeMeta && !(IsString(body["kind"]) && body["kind"]!.GetValue<string>().Length > 0))
        {
            throw new InvalidClusterRequestException($"{what}.kind", "is required");
        }

        if (body["metadata"] is null)
        {
            body["metadata"] = new JsonObject();
        }
        else if (body["metadata"] is not JsonObject)
        {
            throw new InvalidClusterRequestException($"{what}.metadata", "must be an object");
        }

        var metadata = (JsonObject)body["metadata"]!;
        Agree(metadata, "name", target.Name, what, "the target's name");
        Agree(metadata, "namespace", target.Namespace, what, "the target namespace");
        return body;
    }

    private static void Agree(JsonObject metadata, string field, string? expected, string what, string description)
    {
        if (metadata[field] is not { } value)
        {
            if (expected is not null)
            {
                metadata[field] = expected;
            }

            return;
        }

        if (!IsString(value) || (expected is not null && value.GetValue<string>() != expected))
        {
            throw new InvalidClusterRequestException(
                $"{what}.metadata.{field}",
                expected is null ? "must be a string" : $"'{Shown(value)}' must equal {description} '{expected}' (or be omitted)");
        }
    }

    private static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    private static string Shown(JsonNode node) => IsString(node) ? node.GetValue<string>() : node.ToJsonString();

    private static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };
}
