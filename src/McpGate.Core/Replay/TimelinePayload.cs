using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Ledger;

namespace McpGate.Core.Replay;

/// <summary>One entry's payload read defensively: members are taken only when they have the expected JSON type.</summary>
internal sealed class TimelinePayload
{
    private TimelinePayload(LedgerEntry entry, JsonObject payload)
    {
        Entry = entry;
        Object = payload;
    }

    public LedgerEntry Entry { get; }

    public JsonObject Object { get; }

    public string Event => Entry.EventType;

    public static TimelinePayload Of(LedgerEntry entry)
    {
        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(entry.PayloadJson) as JsonObject ?? new JsonObject();
        }
        catch (JsonException)
        {
            // ledger verify reports such an entry; the timeline shows it empty.
            payload = new JsonObject();
        }

        return new TimelinePayload(entry, payload);
    }

    public string? String(string name) =>
        Object[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public int? Integer(string name) =>
        Object[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : null;

    public bool Flag(string name) =>
        Object[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public DateTimeOffset? Time(string name) =>
        String(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;

    /// <summary>A copy of an object member (the payload stays as read).</summary>
    public JsonObject? ObjectCopy(string name) => Object[name] is JsonObject inner ? (JsonObject)inner.DeepClone() : null;

    public JsonArray? ArrayCopy(string name) => Object[name] is JsonArray inner ? (JsonArray)inner.DeepClone() : null;

    /// <summary>The payload for display: a copy without the signed envelope (its check is shown instead).</summary>
    public JsonObject Shown()
    {
        var copy = (JsonObject)Object.DeepClone();
        copy.Remove("envelope");
        return copy;
    }
}
