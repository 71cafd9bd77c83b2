using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Json;

namespace McpGate.Core.Diff;

/// <summary>
/// JSON equality as the canonical JSON sees it: <c>2</c>, <c>2.0</c> and <c>2e0</c> are the same
/// number; member order does not matter; a member whose value is <c>null</c> is the same as an
/// absent one (Kubernetes drops both).
/// </summary>
internal static class JsonLeaf
{
    private const int MaxDepth = 200;

    public static bool Same(JsonNode? first, JsonNode? second) => Same(first, second, 0);

    /// <summary>The canonical (RFC 8785) text of a scalar; its plain JSON text when JCS cannot write it (an integer beyond 2^53).</summary>
    public static string CanonicalText(JsonValue value)
    {
        try
        {
            return CanonicalJson.ToCanonicalString(value);
        }
        catch (JsonException)
        {
            return value.ToJsonString();
        }
    }

    /// <summary><see langword="null"/> for JSON null however it is held, else the node.</summary>
    public static JsonNode? Unset(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Null ? null : node;

    private static bool Same(JsonNode? first, JsonNode? second, int depth)
    {
        first = Unset(first);
        second = Unset(second);
        if (depth > MaxDepth)
        {
            return JsonNode.DeepEquals(first, second);
        }

        switch (first, second)
        {
            case (null, null):
                return true;
            case (JsonObject a, JsonObject b):
                return a.All(p => Same(p.Value, b[p.Key], depth + 1)) && b.All(p => p.Value is null || a.ContainsKey(p.Key));
            case (JsonArray a, JsonArray b):
                return a.Count == b.Count && a.Zip(b).All(p => Same(p.First, p.Second, depth + 1));
            case (JsonValue a, JsonValue b):
                return a.GetValueKind() == b.GetValueKind() && string.Equals(CanonicalText(a), CanonicalText(b), StringComparison.Ordinal);
            default:
                return false;
        }
    }
}
