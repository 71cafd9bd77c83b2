using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Replay;

namespace McpGate.Cli.Commands;

internal static partial class ChangesCommand
{
    /// <summary>Every ledger entry of the change, one row each, with the time since the one before.</summary>
    private static void WriteSteps(ChangeTimeline t)
    {
        if (t.Steps.Count == 0)
        {
            return;
        }

        var table = TerminalTable.WithColumns("Timeline (ledger entries)", "ENTRY", "EVENT", "AT", "TOOK", "DETAIL");
        foreach (var step in t.Steps)
        {
            table.AddRow(step.Sequence.ToString(CultureInfo.InvariantCulture), step.Event, Time(step.At),
                step.AfterPreviousMs is { } took ? "+" + Duration(took) : "-", StepDetail(step, t));
        }

        Terminal.Out.Write(table);
    }

    /// <summary>One line per entry; free text from people and the cluster is quoted and attributed.</summary>
    internal static string StepDetail(TimelineStep step, ChangeTimeline t)
    {
        var p = step.Payload;
        var transition = step.From is null ? string.Empty : $"{step.From} -> {step.To}: ";
        var detail = step.Event switch
        {
            "proposed" => $"{Text(p, "requester")}{(p["requesterToken"] is null ? string.Empty : $" (token {Text(p, "requesterToken")})")} asked for {Text(p, "tool")} on cluster {Text(p, "cluster")}",
            "proven" => $"proof {Text(p, "proofDigest")}, release score {Text(p, "releaseScore")}",
            "pending_approval" or "denied" when p["rule"] is not null =>
                $"rule {Core.Text.UntrustedText.Quote(Text(p, "rule"))} ({Text(p, "decisionReason")}); {Attributed.Say("the policy", "reason", Text(p, "reason"))}",
            LedgerEvents.ApprovalSubmitted => Decision(step, t),
            LedgerEvents.Commented => Attributed.Commented(Text(p, "identity"), Text(p, "text")),
            LedgerEvents.ApprovalsCounted => $"counted {Names(p["counted"])} of {Text(p, "required")} required",
            "approved" => $"approvers: {Names(p["approvers"])}",
            "rejected" => $"rejected by {Text(p, "by")}",
            "expired" => $"the proof expired at {Text(p, "expiredAt")}",
            "waiting" => $"held by {Core.Text.UntrustedText.Quote(Text(p, "rule"))} until {Text(p, "until") ?? "no end within a year"}; the proof expires at {Text(p, "expiresAt")}",
            "cancelled" => t.Cancellation is { } cancel && cancel.Sequence == step.Sequence
                ? $"by {cancel.Identity} ({Signature(cancel)}); {Attributed.Say(cancel.Identity, "reason", cancel.Comment)}"
                : $"by {Text(p, "identity")}",
            "executing" when p["claim"] is JsonObject claim => $"claimed by executor {Text(claim, "instance")} (host {Text(claim, "host")}, pid {Text(claim, "pid")})",
            "executed" => $"resourceVersion {Text(p, "resourceVersion") ?? "-"}{(p["reconciled"] is not null ? " (found applied by reconciliation)" : string.Empty)}",
            "verifying" => $"by executor {Text(p, "executor") ?? "-"}",
            "verified" or "verification_failed" => p["expect"] is not null
                ? $"expected {Text(p, "expect")}, confidence {Text(p, "confidence")}; {Attributed.Say("the probe", "detail", Text(p, "detail"))}"
                : Attributed.Recorded(Text(p, "reason")),
            "failed" => p["reason"] is null ? "abandoned" : Attributed.Recorded(Text(p, "reason")),
            LedgerEvents.Abandoned => "interrupted while being proposed; nothing was written",
            LedgerEvents.ClaimTakenOver => p["takenOver"] is JsonObject previous
                ? $"taken over from executor {Text(previous, "instance")} (pid {Text(previous, "pid")}): {Attributed.Say("recovery", "finding", Text(previous, "gone"))}"
                : "taken (it was unclaimed)",
            LedgerEvents.EvictionRefused => $"step {Text(p, "step")}, pod {Text(p, "pod")}, waits until {Text(p, "waitUntil")}; {Attributed.Say("the cluster", "answer", Text(p, "refusal"))}",
            _ => p.Count == 0 ? string.Empty : p.ToJsonString(),
        };
        return transition + detail;
    }

    private static string Decision(TimelineStep step, ChangeTimeline t) =>
        t.Approvals.FirstOrDefault(a => a.Sequence == step.Sequence) is { } decision
            ? $"{decision.Identity} {decision.Decision} ({Signature(decision)})"
            : $"{Text(step.Payload, "identity")} {Text(step.Payload, "decision")}";

    /// <summary>A scalar member as text (strings unquoted, numbers as written); null when absent.</summary>
    private static string? Text(JsonObject payload, string name) => payload[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        var other => other.ToJsonString(),
    };

    private static string Names(JsonNode? list) =>
        list is JsonArray names && names.Count > 0 ? string.Join(", ", names.Select(n => n?.ToString() ?? "?")) : "nobody";
}
