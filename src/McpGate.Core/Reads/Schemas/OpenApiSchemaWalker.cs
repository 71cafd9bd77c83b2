using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Schemas;

/// <summary>
/// Walks an OpenAPI v3 document as kubectl explain does: from the schema whose
/// <c>x-kubernetes-group-version-kind</c> names the kind, down a dotted field path, following
/// <c>$ref</c>s into <c>components.schemas</c> (plain or wrapped in <c>allOf</c>) and stepping into
/// list items and map values on the way.
/// </summary>
public static class OpenApiSchemaWalker
{
    private const string RefPrefix = "#/components/schemas/";

    /// <summary>Guards against self-referencing schemas (JSONSchemaProps) and malformed documents.</summary>
    private const int MaxHops = 64;

    /// <summary>The kind's top-level schema in <paramref name="document"/>; null when the document does not describe it.</summary>
    public static JsonObject? FindKind(JsonObject document, string group, string version, string kind)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var (_, node) in document["components"]?["schemas"] as JsonObject ?? [])
        {
            if (node is JsonObject schema && Kinds(schema).Any(k => k.Group == group && k.Version == version && k.Kind == kind))
            {
                return schema;
            }
        }

        return null;
    }

    /// <exception cref="ReadException">A segment of the path names no field; the message names the nearest fields that exist.</exception>
    public static SchemaField Walk(JsonObject document, JsonObject kindSchema, string kind, IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(kindSchema);
        ArgumentNullException.ThrowIfNull(path);
        JsonObject field = kindSchema;
        var container = Resolve(document, kindSchema);
        for (var i = 0; i < path.Count; i++)
        {
            var properties = container["properties"] as JsonObject;
            if (properties?[path[i]] is not JsonObject next)
            {
                var parent = i == 0 ? kind : $"{kind}.{string.Join('.', path.Take(i))}";
                var names = properties?.Select(p => p.Key).ToList() ?? [];
                if (names.Count == 0)
                {
                    throw new ReadException($"field \"{path[i]}\" does not exist: {parent} is a {TypeName(document, field)} and has no fields.");
                }

                var near = Suggestions.Nearest(path[i], names);
                throw new ReadException(
                    $"field \"{path[i]}\" does not exist in {parent}." +
                    (near.Count > 0 ? $" Nearest: {string.Join(", ", near)}." : string.Empty) +
                    $" Its fields: {string.Join(", ", names)}.");
            }

            field = next;
            container = Inner(document, Resolve(document, next));
        }

        var required = (container["required"] as JsonArray ?? []).Select(ObjectText).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new SchemaField
        {
            Path = string.Join('.', path),
            Type = path.Count == 0 ? kind : TypeName(document, field),
            Description = Description(document, field),
            Fields = [.. (container["properties"] as JsonObject ?? [])
                .Where(p => p.Value is JsonObject)
                .Select(p => new SchemaProperty(p.Key, TypeName(document, (JsonObject)p.Value!), required.Contains(p.Key), Description(document, (JsonObject)p.Value!)))],
        };
    }

    /// <summary>The schema a field's type is: itself, or what its <c>$ref</c> (or single-<c>allOf</c> <c>$ref</c>) points to.</summary>
    public static JsonObject Resolve(JsonObject document, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(schema);
        var current = schema;
        for (var hops = 0; hops < MaxHops && Reference(current) is { } name; hops++)
        {
            if (document["components"]?["schemas"]?[name] is not JsonObject target)
            {
                break;
            }

            current = target;
        }

        return current;
    }

    /// <summary>kubectl explain's type spelling of a field's schema.</summary>
    public static string TypeName(JsonObject document, JsonObject schema, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(schema);
        if (depth > 8)
        {
            return "Object";
        }

        if (Reference(schema) is { } name)
        {
            var target = Resolve(document, schema);
            return target["properties"] is null && ObjectText(target["type"]) is { } scalar and not "object" and not "array"
                ? scalar
                : name[(name.LastIndexOf('.') + 1)..];
        }

        return ObjectText(schema["type"]) switch
        {
            "array" => "[]" + (schema["items"] is JsonObject items ? TypeName(document, items, depth + 1) : "Object"),
            "object" when schema["additionalProperties"] is JsonObject values => "map[string]" + TypeName(document, values, depth + 1),
            "object" or null => "Object",
            var type => type,
        };
    }

    /// <summary>Where the next path segment is looked up: the object itself, a list's items, a map's values.</summary>
    private static JsonObject Inner(JsonObject document, JsonObject schema)
    {
        var current = schema;
        for (var hops = 0; hops < MaxHops; hops++)
        {
            var inner = ObjectText(current["type"]) switch
            {
                "array" => current["items"] as JsonObject,
                "object" when current["properties"] is null => current["additionalProperties"] as JsonObject,
                _ => null,
            };
            if (inner is null)
            {
                return current;
            }

            current = Resolve(document, inner);
        }

        return current;
    }

    /// <summary>The field's own description, else its type's.</summary>
    private static string Description(JsonObject document, JsonObject schema) =>
        ObjectText(schema["description"]) is { Length: > 0 } own ? own
        : ObjectText(Resolve(document, schema)["description"]) ?? string.Empty;

    private static string? Reference(JsonObject schema)
    {
        var reference = ObjectText(schema["$ref"])
            ?? (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>().Select(s => ObjectText(s["$ref"])).FirstOrDefault(r => r is not null);
        return reference is not null && reference.StartsWith(RefPrefix, StringComparison.Ordinal) ? reference[RefPrefix.Length..] : null;
    }

    private static IEnumerable<(string Group, string Version, string Kind)> Kinds(JsonObject schema) =>
        (schema["x-kubernetes-group-version-kind"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(k => (ObjectText(k["group"]) ?? string.Empty, ObjectText(k["version"]) ?? string.Empty, ObjectText(k["kind"]) ?? string.Empty));

    private static string? ObjectText(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
