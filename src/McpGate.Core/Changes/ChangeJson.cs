using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGate.Core.Changes;

/// <summary>How change documents are written to the ledger and shown to tools: camelCase, no nulls, enums as snake_case names.</summary>
public static class ChangeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static string Serialize(ChangeDocument document) => JsonSerializer.Serialize(document, Options);

    /// <exception cref="JsonException">The document is not a change document; the message names the member (<c>$.state: ...</c>).</exception>
    public static ChangeDocument Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ChangeDocument>(json, Options)
                ?? throw new JsonException("A change document is empty.");
        }
        catch (JsonException ex) when (ex.Path is { Length: > 1 } path && !ex.Message.Contains(path, StringComparison.Ordinal))
        {
            // A converter's message does not say where it was; the path does.
            throw new JsonException($"{path}: {ex.Message}", path, ex.LineNumber, ex.BytePositionInLine, ex);
        }
    }
}
