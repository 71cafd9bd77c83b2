using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Notifications;
using McpGate.Core.Text;

namespace McpGate.Server.Notifications;

/// <summary>
/// The body of a notification (<c>mcpgate.notification/v1</c>): which entry, which change, its state,
/// tool, target, summary and requester, the decision or outcome, the quorum in one sentence, and
/// Slack-compatible <c>text</c> and <c>blocks</c>. Never the arguments, the proof envelope, a
/// signature or a key. Everything written by an agent or an approver is escaped: control
/// characters as on a terminal, and in <c>text</c> and <c>blocks</c> also Slack's <c>&amp; &lt; &gt;</c>.
/// </summary>
public static class NotificationMessage
{
    public const string Type = "mcpgate.notification/v1";

    /// <summary>Which notification a ledger entry is, if any: a change waiting for approval, a signed decision, or a final state.</summary>
    public static NotificationEvent? EventOf(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.Equals(entry.EventType, LedgerEvents.ApprovalSubmitted, StringComparison.Ordinal))
        {
            return NotificationEvent.Decision;
        }

        return ChangeStates.FromWire(entry.EventType) switch
        {
            ChangeState.PendingApproval => NotificationEvent.Pending,
            { } state when state.IsFinal() => NotificationEvent.Final,
            _ => null,
        };
    }

    /// <param name="entry">The ledger entry the notification is about.</param>
    /// <param name="change">The change's stored document; null when it cannot be read (the body then names the change only).</param>
    /// <param name="quorum">"1 of 2 approvals, needs one more from group sre", when known.</param>
    public static JsonObject Build(LedgerEntry entry, NotificationEvent kind, ChangeDocument? change, string? quorum)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var state = kind == NotificationEvent.Decision ? ChangeState.PendingApproval.ToWire() : entry.EventType;
        var payload = ParsePayload(entry.PayloadJson);
        var approver = kind == NotificationEvent.Decision ? Text(payload, "identity") : null;
        var decision = kind == NotificationEvent.Decision ? Text(payload, "decision") : null;
        var target = change is null ? null : $"{change.Target.Resource} {change.Target}";
        var body = new JsonObject
        {
            ["type"] = Type,
            ["event"] = kind.ToWire(),
            ["sequence"] = entry.Sequence,
            ["changeId"] = entry.ChangeId,
            ["state"] = state,
            ["tool"] = change?.Tool,
            ["target"] = target is null ? null : UntrustedText.Escape(target),
            ["summary"] = change is null ? null : UntrustedText.Escape(change.Summary),
            ["requester"] = change?.Requester,
            ["cluster"] = change is null ? null : UntrustedText.Escape(change.Cluster),
            ["at"] = entry.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (kind == NotificationEvent.Decision)
        {
            body["decision"] = new JsonObject { ["approver"] = approver, ["decision"] = decision };
        }

        if (kind == NotificationEvent.Final && change?.Outcome is { } outcome)
        {
            body["outcome"] = UntrustedText.Escape(outcome);
        }

        if (quorum is not null)
        {
            body["quorum"] = quorum;
        }

        var headline = Headline(kind, entry, state, approver, decision);
        var text = $"McpGate: {headline}" + (change is null ? string.Empty : $": {SlackText.Escape(change.Summary)}")
            + (quorum is null ? string.Empty : $" ({SlackText.Escape(quorum)})");
        body["text"] = text;
        body["blocks"] = Blocks(headline, change, target, state, quorum, entry);
        return body;
    }

    private static string Headline(NotificationEvent kind, LedgerEntry entry, string state, string? approver, string? decision)
    {
        var id = SlackText.Code(entry.ChangeId);
        return kind switch
        {
            NotificationEvent.Pending => $"change {id} waits for approval",
            NotificationEvent.Decision => $"{SlackText.Escape(approver ?? "an approver")} {(decision == "reject" ? "rejected" : decision == "approve" ? "approved" : decision == "cancel" ? "cancelled" : SlackText.Escape(decision ?? "decided on"))} change {id}",
            _ => $"change {id} ended {SlackText.Escape(state)}",
        };
    }

    private static JsonArray Blocks(string headline, ChangeDocument? change, string? target, string state, string? quorum, LedgerEntry entry)
    {
        var blocks = new JsonArray(Section($"*McpGate*: {headline}"));
        if (change is not null)
        {
            blocks.Add((JsonNode)Section(SlackText.Escape(change.Summary)));
            var fields = new JsonArray(
                Mrkdwn($"*Tool*\n{SlackText.Code(change.Tool)}"),
                Mrkdwn($"*Target*\n{SlackText.Code(target)}"),
                Mrkdwn($"*Requester*\n{SlackText.Escape(change.Requester)}"),
                Mrkdwn($"*State*\n{SlackText.Escape(state)}"));
            if (quorum is not null)
            {
                fields.Add((JsonNode)Mrkdwn($"*Approvals*\n{SlackText.Escape(quorum)}"));
            }

            blocks.Add((JsonNode)new JsonObject { ["type"] = "section", ["fields"] = fields });
        }

        blocks.Add((JsonNode)new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(Mrkdwn($"ledger entry {entry.Sequence.ToString(CultureInfo.InvariantCulture)} · review with `mcpgate approvals show {SlackText.Escape(entry.ChangeId)}`")),
        });
        return blocks;
    }

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = Mrkdwn(text) };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static string? Text(JsonObject? payload, string name) =>
        payload?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? UntrustedText.Escape(text) : null;

    private static JsonObject? ParsePayload(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
