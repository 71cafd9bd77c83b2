using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;

namespace McpGate.Core.Comments;

/// <summary>The comments recorded for a change, oldest first, as its <c>commented</c> entries hold them.</summary>
public static class ChangeComments
{
    public static async Task<IReadOnlyList<ChangeComment>> ReadAsync(ChangeLedger ledger, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var entries = await ledger.ReadEntriesAsync(0, changeId, cancellationToken).ConfigureAwait(false);
        return From(entries);
    }

    /// <summary>The comments among <paramref name="entries"/>; an entry without an approver or text (only a damaged ledger has one) is left out.</summary>
    public static IReadOnlyList<ChangeComment> From(IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var comments = new List<ChangeComment>();
        foreach (var entry in entries.Where(e => e.EventType == LedgerEvents.Commented))
        {
            JsonObject? payload;
            try
            {
                payload = JsonNode.Parse(entry.PayloadJson) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }

            if (payload?["identity"] is JsonValue identity && identity.TryGetValue<string>(out var approver)
                && payload["text"] is JsonValue words && words.TryGetValue<string>(out var text))
            {
                comments.Add(new ChangeComment { Sequence = entry.Sequence, Approver = approver, At = entry.Time, Text = text });
            }
        }

        return comments;
    }
}
