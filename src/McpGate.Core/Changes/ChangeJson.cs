using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Replay;

namespace McpGate.Core.Changes;

/// <summary>How change documents are written to the ledger and shown to tools: camelCase, no nulls, enums as snake_case names.</summary>
public static class ChangeJson
{
    /// <summary>The settings, with the source-generated contract of <see cref="ChangeJsonContext"/>.</summary>
    public static JsonSerializerOptions Options => ChangeJsonContext.Default.Options;

    public static string Serialize(ChangeDocument document) => JsonSerializer.Serialize(document, ChangeJsonContext.Default.ChangeDocument);

    /// <summary>The document as a JSON object, to add to or to show.</summary>
    public static JsonObject ToNode(ChangeDocument document) =>
        JsonSerializer.SerializeToNode(document, ChangeJsonContext.Default.ChangeDocument)!.AsObject();

    /// <summary>The timeline as a JSON object (<c>get_change</c>'s <c>detail: timeline</c>, <c>changes show --json</c>).</summary>
    public static JsonObject ToNode(ChangeTimeline timeline) =>
        JsonSerializer.SerializeToNode(timeline, ChangeJsonContext.Default.ChangeTimeline)!.AsObject();

    /// <summary>The target as a JSON object.</summary>
    public static JsonObject ToNode(ChangeTarget target) =>
        JsonSerializer.SerializeToNode(target, ChangeJsonContext.Default.ChangeTarget)!.AsObject();

    /// <exception cref="JsonException">The document is not a change document; the message names the member (<c>$.state: ...</c>).</exception>
    public static ChangeDocument Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ChangeJsonContext.Default.ChangeDocument)
                ?? throw new JsonException("A change document is empty.");
        }
        catch (JsonException ex) when (ex.Path is { Length: > 1 } path && !ex.Message.Contains(path, StringComparison.Ordinal))
        {
            // A converter's message does not say where it was; the path does.
            throw new JsonException($"{path}: {ex.Message}", path, ex.LineNumber, ex.BytePositionInLine, ex);
        }
    }
}
