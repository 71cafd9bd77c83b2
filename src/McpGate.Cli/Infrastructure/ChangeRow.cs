using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// One row of the changes table as the CLI shows it: the parsed document, or, when the stored
/// JSON is damaged (invalid, or missing a required field such as an approval's keyId), why,
/// so that one bad row is marked and the others are still shown.
/// </summary>
internal sealed record ChangeRow
{
    public required string Id { get; init; }

    /// <summary>The state column of the row (kept apart from the document, which may be damaged).</summary>
    public required ChangeState State { get; init; }

    public ChangeDocument? Document { get; init; }

    /// <summary>Why the document cannot be read; null when it can.</summary>
    public string? Damage { get; init; }

    /// <summary>The raw document as far as it parses as JSON, for showing what is left of a damaged row.</summary>
    public JsonObject? Raw { get; init; }

    public static ChangeRow Read(StoredChange stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        try
        {
            return new ChangeRow { Id = stored.ChangeId, State = stored.State, Document = ChangeJson.Deserialize(stored.DocumentJson) };
        }
        catch (JsonException ex)
        {
            JsonObject? raw;
            try
            {
                raw = JsonNode.Parse(stored.DocumentJson) as JsonObject;
            }
            catch (JsonException)
            {
                raw = null;
            }

            return new ChangeRow { Id = stored.ChangeId, State = stored.State, Damage = $"damaged change document: {ex.Message}", Raw = raw };
        }
    }

    /// <summary>A string field of a damaged document, if it is there and is a string.</summary>
    public string? RawString(string name) =>
        Raw?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
