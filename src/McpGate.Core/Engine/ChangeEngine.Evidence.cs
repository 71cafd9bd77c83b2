using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// Proves from the ledger's own entries, not from the changes row (which anyone who can write
    /// the file can edit), that a change in <paramref name="state"/> got there through the gate:
    /// an <c>approved</c> entry (pending_approval -> approved) and no <c>cancelled</c> entry, then,
    /// from executing on, an <c>executing</c> entry after it (from approved or waiting), and from executed on an <c>executed</c> entry; and that the
    /// signed approvals submitted for it verify now and meet the quorum of its proof tightened by
    /// the current policy, including every approver the approved entry names.
    /// </summary>
    /// <returns>Why the change is not proven approved, or <see langword="null"/> when it is.</returns>
    private async Task<string?> ProveApprovedAsync(ChangeDocument change, ProofClaims claims, Sha256Digest digest, ChangeState state, CancellationToken cancellationToken)
    {
        var entries = await _ledger.ReadEntriesAsync(0, change.Id, cancellationToken).ConfigureAwait(false);
        var approved = entries.FirstOrDefault(e => IsTransition(e, ChangeState.Approved.ToWire(), ChangeState.PendingApproval, ChangeState.Approved));
        if (approved is null)
        {
            return "the ledger has no 'approved' entry for this change: no approval was ever counted";
        }

        if (entries.FirstOrDefault(e => string.Equals(e.EventType, ChangeState.Cancelled.ToWire(), StringComparison.Ordinal)) is { } cancelled)
        {
            return $"the ledger records that it was cancelled (entry {cancelled.Sequence})";
        }

        if (state is ChangeState.Executing or ChangeState.Executed or ChangeState.Verifying
            && !entries.Any(e => e.Sequence > approved.Sequence
                && (IsTransition(e, ChangeState.Executing.ToWire(), ChangeState.Approved, ChangeState.Executing)
                    || IsTransition(e, ChangeState.Executing.ToWire(), ChangeState.Waiting, ChangeState.Executing))))
        {
            return "the ledger has no 'executing' entry after its approval: the gate never started this execution";
        }

        if (state is ChangeState.Executed or ChangeState.Verifying
            && !entries.Any(e => e.Sequence > approved.Sequence && IsTransition(e, ChangeState.Executed.ToWire(), ChangeState.Executing, ChangeState.Executed)))
        {
            return "the ledger has no 'executed' entry: the gate never recorded this write";
        }

        var envelopes = await SubmittedApprovals.ReadAsync(_ledger, change.Id, cancellationToken).ConfigureAwait(false);
        var tally = ApprovalTally.Count(ApprovalRules.From(claims, digest, EvaluateNow(claims)), envelopes, _approvers);
        if (!tally.QuorumMet)
        {
            return tally.Rejection is not null
                ? $"{tally.Rejection.Identity} rejected it"
                : $"only {tally.Accepted.Count} of {tally.Required} required approvals verify with the current policy";
        }

        var named = ApproversNamed(approved);
        var unverified = named.Where(n => !tally.Accepted.Any(a => string.Equals(a.Identity, n, StringComparison.Ordinal))).ToList();
        return unverified.Count > 0
            ? $"the 'approved' entry names {string.Join(", ", unverified)}, whose signed approval does not verify now"
            : null;
    }

    /// <summary>The state a transition entry's payload names at <paramref name="member"/>, read as written (exact spelling); null for anything else.</summary>
    private static ChangeState? StateIn(JsonNode? payload, string member) =>
        payload?[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? ChangeStates.FromWire(value.GetValue<string>()) : null;

    private static bool IsTransition(LedgerEntry entry, string eventType, ChangeState from, ChangeState to)
    {
        if (!string.Equals(entry.EventType, eventType, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            var payload = JsonNode.Parse(entry.PayloadJson);
            return StateIn(payload, "from") == from && StateIn(payload, "to") == to;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<string> ApproversNamed(LedgerEntry approved)
    {
        try
        {
            return JsonNode.Parse(approved.PayloadJson)?["approvers"] is JsonArray list
                ? [.. list.Select(n => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : "(not a name)")]
                : [];
        }
        catch (JsonException)
        {
            return ["(unreadable)"];
        }
    }
}
