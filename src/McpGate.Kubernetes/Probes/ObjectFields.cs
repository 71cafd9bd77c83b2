using System.Globalization;
using System.Text.Json.Nodes;

namespace McpGate.Kubernetes.Probes;

/// <summary>Tolerant readers of the status fields probes look at: a missing or mistyped field reads as absent.</summary>
internal static class ObjectFields
{
    public static long Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l
        : node is JsonValue d && d.TryGetValue<double>(out var x) ? (long)x
        : 0;

    public static long? OptionalLong(JsonNode? node) => node is JsonValue ? Long(node) : null;

    public static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Uid(JsonObject obj) => String(obj["metadata"]?["uid"]) ?? string.Empty;

    public static string Name(JsonObject obj) => String(obj["metadata"]?["name"]) ?? string.Empty;

    /// <summary>The status condition of this type, or null.</summary>
    public static JsonObject? Condition(JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => String(c["type"]) == type);

    public static bool ConditionTrue(JsonObject obj, string type) => String(Condition(obj, type)?["status"]) == "True";

    /// <summary>Whether the object's controlling owner (or, failing that, any owner) has this uid.</summary>
    public static bool OwnedBy(JsonObject obj, string ownerUid) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>().Any(o => String(o["uid"]) == ownerUid);

    public static bool OwnedByKind(JsonObject obj, string kind) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(o => String(o["kind"]) == kind && Bool(o["controller"]));

    public static IEnumerable<JsonObject> Items(JsonObject list) => (list["items"] as JsonArray ?? []).OfType<JsonObject>();
}
