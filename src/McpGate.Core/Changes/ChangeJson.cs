using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGate.Core.Changes;

/// <summary>How change documents are written to the ledger and shown to tools: camelCase, no nulls.</summary>
public static class ChangeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static string Serialize(ChangeDocument document) => JsonSerializer.Serialize(document, Options);

    public static ChangeDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<ChangeDocument>(json, Options)
        ?? throw new JsonException("A change document is empty.");
}
