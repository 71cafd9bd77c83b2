using System.Text.Json.Nodes;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Objects;

/// <summary>Reads of common metadata, and owner references as controllers write them.</summary>
internal static class ObjectMeta
{
    public static string Uid(JsonObject obj) => JsonFields.String(obj, "metadata", "uid") ?? string.Empty;

    public static string Name(JsonObject obj) => JsonFields.String(obj, "metadata", "name") ?? string.Empty;

    public static string Namespace(JsonObject obj) => JsonFields.String(obj, "metadata", "namespace") ?? string.Empty;

    public static string? Annotation(JsonObject obj, string key) => JsonFields.String(obj, "metadata", "annotations", key);

    public static string? Label(JsonObject obj, string key) => JsonFields.String(obj, "metadata", "labels", key);

    public static bool IsTerminating(JsonObject obj) => JsonFields.String(obj, "metadata", "deletionTimestamp") is not null;

    /// <summary>The uid of the owner reference marked controller=true, if any.</summary>
    public static string? ControllerUid(JsonObject obj) =>
        (JsonFields.FindArray(obj, "metadata", "ownerReferences") ?? [])
            .Where(r => r?["controller"] is JsonValue v && v.TryGetValue<bool>(out var c) && c)
            .Select(r => JsonFields.String(r, "uid"))
            .FirstOrDefault();

    /// <summary>Every owner uid the object names.</summary>
    public static IReadOnlyList<string> OwnerUids(JsonObject obj) =>
        (JsonFields.FindArray(obj, "metadata", "ownerReferences") ?? [])
            .Select(r => JsonFields.String(r, "uid"))
            .OfType<string>()
            .ToList();

    public static JsonArray ControllerReference(ResourceDefinition ownerDefinition, JsonObject owner) =>
        new(new JsonObject
        {
            ["apiVersion"] = ownerDefinition.ApiVersion,
            ["kind"] = ownerDefinition.Kind,
            ["name"] = Name(owner),
            ["uid"] = Uid(owner),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
}
