using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Views;

/// <summary>Small readers over Kubernetes object JSON that never throw on a missing or mistyped field.</summary>
public static class ObjectFields
{
    public static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    public static bool? Flag(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        (node as JsonArray ?? []).OfType<JsonObject>();

    public static string Name(JsonObject obj) => Text(obj["metadata"]?["name"]) ?? string.Empty;

    public static string? Namespace(JsonObject obj) => Text(obj["metadata"]?["namespace"]);

    /// <summary>Name, namespace, creation time, labels and resourceVersion: what every list item carries.</summary>
    public static JsonObject Identity(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var metadata = obj["metadata"] as JsonObject;
        var view = new JsonObject { ["name"] = metadata?["name"]?.DeepClone() };
        if (metadata?["namespace"] is { } ns)
        {
            view["namespace"] = ns.DeepClone();
        }

        view["createdAt"] = metadata?["creationTimestamp"]?.DeepClone();
        if (metadata?["labels"] is JsonObject labels && labels.Count > 0)
        {
            view["labels"] = labels.DeepClone();
        }

        view["resourceVersion"] = metadata?["resourceVersion"]?.DeepClone();
        return view;
    }
}
