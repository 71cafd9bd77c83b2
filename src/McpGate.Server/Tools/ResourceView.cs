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

    /// <summary>
    /// One object in full, for get tools: for a deployment, the compact view plus its containers
    /// (image, ports, resources, the names of its environment variables, never their values),
    /// rollout strategy, selector and status conditions; otherwise the same as <see cref="Of"/>.
    /// </summary>
    public static JsonObject Detail(string resource, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (resource != "deployments")
        {
            return Of(resource, obj);
        }

        var view = Deployment(obj);
        var spec = obj["spec"] as JsonObject;
        view["paused"] = spec?["paused"]?.DeepClone() ?? false;
        view["strategy"] = spec?["strategy"]?.DeepClone();
        view["selector"] = spec?["selector"]?.DeepClone();
        view["containers"] = new JsonArray([.. (spec?["template"]?["spec"]?["containers"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(c => (JsonNode)Container(c))]);
        view["conditions"] = new JsonArray([.. (obj["status"]?["conditions"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(c => (JsonNode)new JsonObject
            {
                ["type"] = c["type"]?.DeepClone(),
                ["status"] = c["status"]?.DeepClone(),
                ["reason"] = c["reason"]?.DeepClone(),
                ["message"] = c["message"]?.DeepClone(),
                ["lastTransitionTime"] = c["lastTransitionTime"]?.DeepClone(),
            })]);
        return view;
    }

    /// <summary>A container as an approver or agent needs it; environment values stay on the cluster (they may hold secrets).</summary>
    private static JsonObject Container(JsonObject container) => new()
    {
        ["name"] = container["name"]?.DeepClone(),
        ["image"] = container["image"]?.DeepClone(),
        ["ports"] = container["ports"]?.DeepClone(),
        ["resources"] = container["resources"]?.DeepClone(),
        ["env"] = new JsonArray([.. (container["env"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(e => (JsonNode?)e["name"]?.DeepClone())]),
    };

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
