using System.Text.Json.Nodes;

namespace McpGate.Server.Tools;

/// <summary>
/// What read tools show of a cluster object: a compact view for the kinds McpGate knows
/// (deployments), metadata for the rest, and never the contents of a Secret.
/// </summary>
internal static class ResourceView
{
    public static JsonObject Of(string resource, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return resource switch
        {
            "deployments" => Deployment(obj),
            "secrets" => Redacted(obj),
            _ => Metadata(obj),
        };
    }

    private static JsonObject Deployment(JsonObject obj)
    {
        var view = Metadata(obj);
        var spec = obj["spec"] as JsonObject;
        var status = obj["status"] as JsonObject;
        view["replicas"] = spec?["replicas"]?.DeepClone() ?? 1;
        view["readyReplicas"] = status?["readyReplicas"]?.DeepClone() ?? 0;
        view["updatedReplicas"] = status?["updatedReplicas"]?.DeepClone() ?? 0;
        view["availableReplicas"] = status?["availableReplicas"]?.DeepClone() ?? 0;
        view["generation"] = obj["metadata"]?["generation"]?.DeepClone();
        view["observedGeneration"] = status?["observedGeneration"]?.DeepClone();
        var containers = spec?["template"]?["spec"]?["containers"] as JsonArray;
        view["images"] = new JsonArray([.. (containers ?? []).Select(c => c?["image"]?.DeepClone())]);
        return view;
    }

    private static JsonObject Metadata(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject;
        var view = new JsonObject
        {
            ["name"] = metadata?["name"]?.DeepClone(),
        };
        if (metadata?["namespace"] is { } ns)
        {
            view["namespace"] = ns.DeepClone();
        }

        view["resourceVersion"] = metadata?["resourceVersion"]?.DeepClone();
        view["createdAt"] = metadata?["creationTimestamp"]?.DeepClone();
        if (metadata?["labels"] is JsonObject labels)
        {
            view["labels"] = labels.DeepClone();
        }

        return view;
    }

    private static JsonObject Redacted(JsonObject obj)
    {
        var view = Metadata(obj);
        var keys = (obj["data"] as JsonObject)?.Select(kv => (JsonNode?)kv.Key) ?? [];
        view["type"] = obj["type"]?.DeepClone();
        view["keys"] = new JsonArray([.. keys]);
        view["note"] = "secret values are never returned";
        return view;
    }
}
