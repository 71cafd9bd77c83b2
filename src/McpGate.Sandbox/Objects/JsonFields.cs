using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Objects;

/// <summary>Small, tolerant accessors for fields of Kubernetes objects held as JSON.</summary>
internal static class JsonFields
{
    public static JsonObject Metadata(JsonObject obj) => Object(obj, "metadata");

    /// <summary>The child object, created when missing or not an object.</summary>
    public static JsonObject Object(JsonObject parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    public static JsonObject? FindObject(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        return node as JsonObject;
    }

    public static JsonArray? FindArray(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        return node as JsonArray;
    }

    public static string? String(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
    }

    public static long? Integer(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            if (value.TryGetValue<long>(out var number))
            {
                return number;
            }

            if (value.TryGetValue<int>(out var small))
            {
                return small;
            }

            if (value.TryGetValue<double>(out var real) && Math.Abs(real % 1) < double.Epsilon)
            {
                return (long)real;
            }

            if (value.TryGetValue<JsonElement>(out var element) && element.TryGetInt64(out var parsed))
            {
                return parsed;
            }
        }

        return null;
    }

    /// <summary>The raw JSON of a node, for messages ("-1", "\"x\"").</summary>
    public static string Raw(JsonNode? node) => node?.ToJsonString() ?? "null";

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    map[key] = v.GetValue<string>();
                }
            }
        }

        return map;
    }

    public static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            obj[key] = value;
        }

        return obj;
    }
}
