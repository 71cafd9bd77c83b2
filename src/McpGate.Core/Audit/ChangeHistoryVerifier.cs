using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Core.Text;

namespace McpGate.Core.Audit;

/// <summary>
/// The ledger is the source of truth, and the changes table a projection of it: this rebuilds
/// every change from its hash-chained entries and checks that (1) each entry follows from the one
/// before by a move of the state machine, (2) every <c>approved</c> entry is backed by signed
/// approvals that verify with the keys and groups the policy gave the approvers then (recorded in
/// the entry; the current policy's for older entries), the proof's quorum, and never the requester,
/// every <c>cancelled</c> entry by an approver's signed cancel, and every <c>commented</c> entry by
/// an approver's signed comment with the same words, and (3) each row of the changes
/// table says what the entries say: state, proof digest, approvals, rejection, cancellation. It
/// stops at the first disagreement and names the change and the entry.
/// </summary>
public sealed class ChangeHistoryVerifier
{
    private readonly Ed25519PublicKey _gateKey;
    private readonly IReadOnlyList<TrustedApprover> _currentApprovers;

    /// <param name="gateKey">The gate's public key: proofs are checked with it.</param>
    /// <param name="currentApprovers">The policy's approvers now, for approvals recorded before their keys were kept in the entry.</param>
    public ChangeHistoryVerifier(Ed25519PublicKey gateKey, IReadOnlyList<TrustedApprover> currentApprovers)
    {
        _gateKey = gateKey ?? throw new ArgumentNullException(nameof(gateKey));
        _currentApprovers = currentApprovers ?? throw new ArgumentNullException(nameof(currentApprovers));
    }

    public async Task<HistoryVerification> VerifyAsync(ChangeLedger ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        long checkedCount = 0;
        await foreach (var history in ledger.ReadHistoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Check(history) is { } failure)
            {
                return new HistoryVerification
                {
                    Succeeded = false,
                    ChangesChecked = checkedCount,
                    ChangeId = history.ChangeId,
                    Sequence = failure.Sequence,
                    Failure = $"change {UntrustedText.Quote(history.ChangeId)}: {failure.Text}",
                };
            }

            checkedCount++;
        }

        if (await ledger.ListChangesWithoutEntriesAsync(cancellationToken).ConfigureAwait(false) is [var orphan, ..])
        {
            return new HistoryVerification
            {
                Succeeded = false,
                ChangesChecked = checkedCount,
                ChangeId = orphan,
                Failure = $"change {UntrustedText.Quote(orphan)}: it has a row in the changes table but no ledger entry: its history was deleted",
            };
        }

        return new HistoryVerification { Succeeded = true, ChangesChecked = checkedCount };
    }

    /// <summary>Why one change's row and entries disagree, naming the entry when one does; null when they agree.</summary>
    public string? Disagreement(ChangeHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Entries.Count == 0
            ? "it has a row in the changes table but no ledger entry: its history was deleted"
            : Check(history)?.Text;
    }

    private (string Text, long? Sequence)? Check(ChangeHistory history)
    {
        var replay = new Replay(ProofEnvelopeOf(history.RowDocument));
        foreach (var entry in history.Entries)
        {
            if (replay.Apply(entry, this) is { } wrong)
            {
                return (wrong, entry.Sequence);
            }
        }

        return CheckRow(history, replay) is { } row ? (row, null) : null;
    }

    /// <summary>Whether the row says what the entries say.</summary>
    private static string? CheckRow(ChangeHistory history, Replay replay)
    {
        var state = replay.State!.Value;
        var last = history.Entries[^1].Sequence;
        if (history.RowState is null)
        {
            return $"its ledger entries (the last is entry {last}) have no row in the changes table";
        }

        if (!string.Equals(history.RowState, state.ToWire(), StringComparison.Ordinal))
        {
            return $"the changes row says state {UntrustedText.Quote(history.RowState)}, but its ledger entries end in {state.ToWire()} (entry {replay.StateSequence})";
        }

        ChangeDocument document;
        try
        {
            document = ChangeJson.Deserialize(history.RowDocument ?? string.Empty);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return $"the changes row's document cannot be read ({ex.Message})";
        }

        if (!string.Equals(document.Id, history.ChangeId, StringComparison.Ordinal) || document.State != state)
        {
            return $"the changes row's document names {UntrustedText.Quote(document.Id)} in state {document.State.ToWire()}, but the entries are of {history.ChangeId} in state {state.ToWire()}";
        }

        if (replay.ProofDigest is { } digest && !string.Equals(document.ProofDigest, digest, StringComparison.Ordinal))
        {
            return $"the changes row names proof {UntrustedText.Quote(document.ProofDigest)}, but the proven entry (entry {replay.ProvenSequence}) names {digest}";
        }

        var rowApprovers = document.Approvals.Where(a => a.Decision == ApprovalDecision.Approve).Select(a => a.Identity).Order(StringComparer.Ordinal).ToList();
        var rowRejection = document.Approvals.FirstOrDefault(a => a.Decision == ApprovalDecision.Reject)?.Identity;
        if (replay.Approvers is { } approvers && !rowApprovers.SequenceEqual(approvers.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return $"the changes row lists approvals by {Names(rowApprovers)}, but the approved entry (entry {replay.ApprovedSequence}) names {Names(approvers)}";
        }

        if (!string.Equals(rowRejection, replay.RejectedBy, StringComparison.Ordinal))
        {
            return replay.RejectedBy is null
                ? $"the changes row records a rejection by {UntrustedText.Quote(rowRejection)}, but no rejected entry exists"
                : $"the changes row does not record the rejection by {replay.RejectedBy} (entry {replay.StateSequence})";
        }

        if (!string.Equals(document.Cancellation?.Identity, replay.CancelledBy, StringComparison.Ordinal))
        {
            return replay.CancelledBy is null
                ? $"the changes row records a cancellation by {UntrustedText.Quote(document.Cancellation?.Identity)}, but no cancelled entry exists"
                : $"the changes row does not record the cancellation by {replay.CancelledBy} (entry {replay.StateSequence})";
        }

        var claimed = document.Outcome is { } outcome
            ? outcome.StartsWith("rejected by ", StringComparison.Ordinal) ? ChangeState.Rejected
            : outcome.StartsWith("cancelled by ", StringComparison.Ordinal) ? ChangeState.Cancelled
            : (ChangeState?)null
            : null;
        return claimed is { } said && said != state
            ? $"the changes row's outcome says {said.ToWire()} ({UntrustedText.Quote(document.Outcome)}), but its ledger entries end in {state.ToWire()}"
            : null;
    }

    /// <summary>The signed proof the row holds, read leniently (the row is checked on its own later); null when there is none.</summary>
    internal static string? ProofEnvelopeOf(string? document)
    {
        try
        {
            return document is null ? null : (JsonNode.Parse(document) as JsonObject)?["proofEnvelope"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "nobody";

    /// <summary>Signed approvals behind an approved entry: the proof's quorum, each signature with the key recorded then.</summary>
    private string? CheckApproval(Replay replay, LedgerEntry entry, JsonObject payload)
    {
        if (replay.Proof is not { } claims || replay.ProofDigestValue is not { } digest)
        {
            return replay.ProofFailure ?? "approved, but no proven entry or verifiable proof precedes it";
        }

        var named = payload["approvers"] is JsonArray list ? list.Select(n => n?.GetValue<string>() ?? string.Empty).ToList() : [];
        var keys = KeysIn(payload);
        var verified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identity in named)
        {
            if (Identities.Same(identity, claims.Requester))
            {
                return $"approved by {UntrustedText.Quote(identity)}, who requested the change";
            }

            var approver = keys.FirstOrDefault(k => k.Identity == identity) ?? _currentApprovers.FirstOrDefault(a => a.Identity == identity);
            if (approver is null)
            {
                return $"approval by {UntrustedText.Quote(identity)} cannot be checked: the entry records no key for it and the policy has none";
            }

            if (claims.ApproverGroups.Count > 0 && !approver.Groups.Intersect(claims.ApproverGroups, StringComparer.Ordinal).Any())
            {
                return $"approved by {identity}, who was in none of the groups the proof requires ({string.Join(", ", claims.ApproverGroups)})";
            }

            var submitted = replay.Submissions.Where(s => string.Equals(s.Identity, identity, StringComparison.Ordinal));
            if (!submitted.Any(s => ApprovalVerifier.Verify(s.Envelope, entry.ChangeId, digest, [approver], [ApprovalDecision.Approve]).Succeeded))
            {
                return $"approved by {identity}, but no approval_submitted entry before it holds a signed approval by {identity} that verifies with {identity}'s key {approver.PublicKey}";
            }

            verified.Add(identity);
        }

        return verified.Count >= Math.Max(1, claims.RequiredApprovals)
            ? null
            : $"approved with {verified.Count} verified approval(s); its proof requires {claims.RequiredApprovals}";
    }

    private static List<TrustedApprover> KeysIn(JsonObject payload)
    {
        var keys = new List<TrustedApprover>();
        foreach (var node in payload["approverKeys"] as JsonArray ?? [])
        {
            if (node is not JsonObject key
                || key["identity"]?.GetValue<string>() is not { } identity
                || key["publicKey"]?.GetValue<string>() is not { } text)
            {
                continue;
            }

            try
            {
                keys.Add(new TrustedApprover
                {
                    Identity = identity,
                    Groups = [.. (key["groups"] as JsonArray ?? []).Select(g => g?.GetValue<string>() ?? string.Empty)],
                    PublicKey = Ed25519PublicKey.Parse(text),
                });
            }
            catch (KeyFormatException)
            {
                // An unusable recorded key verifies nothing: the approval then fails with "no key".
            }
        }

        return keys;
    }

    /// <summary>A cancelled entry holds an approver's signed cancel over the proof.</summary>
    private string? CheckCancel(Replay replay, LedgerEntry entry, JsonObject payload)
    {
        if (replay.ProofDigestValue is not { } digest)
        {
            return "cancelled, but no proven entry precedes it";
        }

        var identity = payload["identity"]?.GetValue<string>();
        var envelope = payload["envelope"]?.GetValue<string>();
        var approver = _currentApprovers.FirstOrDefault(a => a.Identity == identity);
        if (identity is null || envelope is null)
        {
            return "cancelled without the approver's identity and signed cancel";
        }

        // A cancel only stops a change: an approver no longer in the policy is reported, since the signature cannot be checked.
        return approver is null
            ? $"cancelled by {UntrustedText.Quote(identity)}, who is not an approver in the policy, so the signed cancel cannot be checked"
            : ApprovalVerifier.Verify(envelope, entry.ChangeId, digest, [approver], [ApprovalDecision.Cancel]) is { Succeeded: false } bad
                ? $"the signed cancel by {identity} does not verify: {bad.Failure}"
                : null;
    }

    /// <summary>
    /// A commented entry, in any state after the proof: an approver's signed comment over the proof,
    /// whose signed words are the entry's. As with a cancel, the approver must be in the policy for
    /// the signature to be checked.
    /// </summary>
    private string? CheckComment(Replay replay, LedgerEntry entry, JsonObject payload)
    {
        if (replay.ProofDigestValue is not { } digest)
        {
            return "a comment, but no proven entry precedes it";
        }

        var identity = payload["identity"] is JsonValue i && i.TryGetValue<string>(out var who) ? who : null;
        var envelope = payload["envelope"] is JsonValue e && e.TryGetValue<string>(out var signed) ? signed : null;
        var text = payload["text"] is JsonValue t && t.TryGetValue<string>(out var words) ? words : null;
        if (identity is null || envelope is null || text is null)
        {
            return "a comment without the approver's identity, text and signed comment";
        }

        var approver = _currentApprovers.FirstOrDefault(a => a.Identity == identity);
        if (approver is null)
        {
            return $"a comment by {UntrustedText.Quote(identity)}, who is not an approver in the policy, so the signed comment cannot be checked";
        }

        var verification = CommentVerifier.Verify(envelope, entry.ChangeId, digest, [approver]);
        if (!verification.Succeeded)
        {
            return $"the signed comment by {identity} does not verify: {verification.Failure}";
        }

        return string.Equals(verification.Request!.Text, text, StringComparison.Ordinal)
            ? null
            : $"the comment by {identity} reads {UntrustedText.Quote(text)}, but {identity} signed {UntrustedText.Quote(verification.Request.Text)}";
    }

    /// <summary>The change rebuilt entry by entry.</summary>
    private sealed class Replay(string? proofEnvelope)
    {
        public ChangeState? State { get; private set; }

        public long StateSequence { get; private set; }

        public string? ProofDigest { get; private set; }

        public Sha256Digest? ProofDigestValue { get; private set; }

        public long ProvenSequence { get; private set; }

        public ProofClaims? Proof { get; private set; }

        public string? ProofFailure { get; private set; }

        public IReadOnlyList<string>? Approvers { get; private set; }

        public long ApprovedSequence { get; private set; }

        public string? RejectedBy { get; private set; }

        public string? CancelledBy { get; private set; }

        public List<(string Identity, string Envelope)> Submissions { get; } = [];

        /// <returns>Why this entry cannot follow the ones before; null when it can.</returns>
        public string? Apply(LedgerEntry entry, ChangeHistoryVerifier verifier)
        {
            JsonObject payload;
            try
            {
                payload = JsonNode.Parse(entry.PayloadJson) as JsonObject ?? new JsonObject();
            }
            catch (JsonException)
            {
                return $"entry {entry.Sequence}: the payload is not JSON";
            }

            var fromText = payload["from"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : null;
            var toText = payload["to"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
            if (State is null)
            {
                if (entry.EventType != ChangeState.Proposed.ToWire() || fromText is not null)
                {
                    return $"entry {entry.Sequence}: the first entry of a change must be 'proposed', not {UntrustedText.Quote(entry.EventType)}";
                }

                (State, StateSequence) = (ChangeState.Proposed, entry.Sequence);
                return null;
            }

            if (fromText is null && toText is null)
            {
                if (entry.EventType == LedgerEvents.Commented)
                {
                    return verifier.CheckComment(this, entry, payload) is { } bad ? $"entry {entry.Sequence}: {bad}" : null;
                }

                if (entry.EventType != LedgerEvents.ApprovalSubmitted)
                {
                    return $"entry {entry.Sequence}: event {UntrustedText.Quote(entry.EventType)} is not part of the state machine";
                }

                if (State != ChangeState.PendingApproval)
                {
                    return $"entry {entry.Sequence}: an approval was recorded while the change was {State.Value.ToWire()}";
                }

                if (payload["identity"]?.GetValue<string>() is { } identity && payload["envelope"]?.GetValue<string>() is { } envelope)
                {
                    Submissions.Add((identity, envelope));
                }

                return null;
            }

            if (ChangeStates.FromWire(fromText) is not { } from || ChangeStates.FromWire(toText) is not { } to)
            {
                return $"entry {entry.Sequence}: from {UntrustedText.Quote(fromText)} to {UntrustedText.Quote(toText)} are not change states";
            }

            if (from != State)
            {
                return $"entry {entry.Sequence}: moves the change from {from.ToWire()}, but it was {State.Value.ToWire()} (entry {StateSequence})";
            }

            if (StateMachine.Refusal(from, to, entry.EventType) is { } refusal)
            {
                return $"entry {entry.Sequence}: {refusal}";
            }

            var failure = to switch
            {
                ChangeState.Proven when from != to => Proven(entry, payload, verifier),
                ChangeState.Approved => verifier.CheckApproval(this, entry, payload),
                ChangeState.Cancelled => verifier.CheckCancel(this, entry, payload),
                _ => null,
            };
            if (failure is not null)
            {
                return $"entry {entry.Sequence}: {failure}";
            }

            switch (to)
            {
                case ChangeState.Approved:
                    Approvers = [.. (payload["approvers"] as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? string.Empty)];
                    ApprovedSequence = entry.Sequence;
                    break;
                case ChangeState.Rejected:
                    RejectedBy = payload["by"]?.GetValue<string>();
                    break;
                case ChangeState.Cancelled:
                    CancelledBy = payload["identity"]?.GetValue<string>();
                    break;
            }

            (State, StateSequence) = (to, entry.Sequence);
            return null;
        }

        private string? Proven(LedgerEntry entry, JsonObject payload, ChangeHistoryVerifier verifier)
        {
            ProofDigest = payload["proofDigest"]?.GetValue<string>();
            ProvenSequence = entry.Sequence;
            if (!Sha256Digest.TryParse(ProofDigest, out var digest))
            {
                return $"the proven entry names no proof digest ({UntrustedText.Quote(ProofDigest)})";
            }

            ProofDigestValue = digest;

            // The claims (quorum, groups, requester) come from the row's envelope, trusted only because
            // the gate's key signed it and its digest is the one this hash-chained entry names.
            var proof = proofEnvelope is null ? null : ProofVerifier.Verify(proofEnvelope, verifier._gateKey, requireSignature: true);
            if (proof is not { Succeeded: true })
            {
                ProofFailure = proof is null ? "the changes row holds no signed proof" : $"the proof in the changes row does not verify: {proof.Failure}";
            }
            else if (proof.Digest != digest)
            {
                ProofFailure = $"the proof in the changes row ({proof.Digest}) is not the one the proven entry (entry {entry.Sequence}) names ({digest})";
            }
            else
            {
                try
                {
                    Proof = ProofClaims.FromStatement(proof.Statement!);
                }
                catch (FormatException ex)
                {
                    ProofFailure = ex.Message;
                }
            }

            return null;
        }
    }
}
