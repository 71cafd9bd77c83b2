using System.Text.Json.Nodes;

namespace McpGate.Kubernetes.Api;

/// <summary>Reads the parts of a list object: its items and its continue token.</summary>
public static class KubeLists
{
    /// <summary>The <c>items</c> that are objects; an absent or null list gives none.</summary>
    public static IEnumerable<JsonObject> Items(JsonObject list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return list["items"] is JsonArray items ? items.OfType<JsonObject>() : [];
    }

    /// <summary><c>metadata.continue</c>, or null on the last page.</summary>
    public static string? ContinueToken(JsonObject list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return list["metadata"]?["continue"] is JsonValue value && value.TryGetValue<string>(out var token) && token.Length > 0 ? token : null;
    }
}
