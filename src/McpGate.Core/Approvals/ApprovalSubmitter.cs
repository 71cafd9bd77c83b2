using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Core.Text;

namespace McpGate.Core.Approvals;

/// <summary>
/// Records an approver's signed decision in the ledger, out of band from the agent (the CLI
/// runs this with the approver's own key). It only appends the decision: the gate's engine
/// counts decisions with its own policy and moves the change on. Everything that can be
/// checked here is checked first, so an operator gets a clear answer at once.
/// </summary>
public sealed class ApprovalSubmitter
{
    private readonly ChangeLedger _ledger;
    private readonly IReadOnlyList<TrustedApprover> _approvers;
    private readonly Ed25519PublicKey _gateKey;
    private readonly TimeProvider _time;
    private readonly PolicyEvaluator _policy;

    public ApprovalSubmitter(ChangeLedger ledger, PolicySet policy, Ed25519PublicKey gateKey, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = new PolicyEvaluator(policy);
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _approvers = TrustedApprovers.FromPolicy(policy);
        _gateKey = gateKey ?? throw new ArgumentNullException(nameof(gateKey));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <exception cref="ApprovalRefusedException">Unknown change or key, wrong state, duplicate, requester approving...</exception>
    public async Task<ApprovalOutcome> SubmitAsync(
        string changeId,
        string decision,
        Ed25519PrivateKey key,
        string? comment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (decision is not (ApprovalDecision.Approve or ApprovalDecision.Reject))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "decision must be approve or reject");
        }

        // The comment is shown to the next approver and to the agent: no control or invisible
        // characters, whichever client submits it.
        if (UntrustedText.Refusal(decision == ApprovalDecision.Reject ? "the reason" : "the comment", comment) is { } unsafeText)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Text, unsafeText);
        }

        TrustedApprover approver;
        try
        {
            approver = TrustedApprovers.Holding(_approvers, key.PublicKey);
        }
        catch (ApprovalRefusedException ex)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Signature, ex.Message, ex);
        }

        var (change, digest, rules) = await PendingAsync(changeId, cancellationToken).ConfigureAwait(false);
        var envelope = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest.ToString(),
            Decision = decision,
            Approver = approver.Identity,
            Comment = comment,
            SignedAt = _time.GetUtcNow(),
        }, key).ToJson();
        return await RecordAsync(change, rules, approver, decision, envelope, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a decision the approver signed on their own side (the approval API's path): the
    /// envelope must verify against the policy's approver keys and name this change's exact proof,
    /// and then passes the same rules as <see cref="SubmitAsync"/>. The envelope is stored as received.
    /// </summary>
    /// <exception cref="ApprovalRefusedException">Its <see cref="ApprovalRefusedException.Rule"/> names the rule broken; nothing was recorded.</exception>
    public async Task<ApprovalOutcome> SubmitSignedAsync(string changeId, string envelopeJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelopeJson);
        var (change, digest, rules) = await PendingAsync(changeId, cancellationToken).ConfigureAwait(false);
        var verification = ApprovalVerifier.Verify(envelopeJson, change.Id, digest, _approvers, ApprovalDecision.Votes);
        if (!verification.Succeeded)
        {
            throw new ApprovalRefusedException(verification.Rule ?? ApprovalRefusal.Signature, $"decision on change {change.Id} refused: {verification.Failure}");
        }

        var request = verification.Request!;
        if (UntrustedText.Refusal(request.Decision == ApprovalDecision.Reject ? "the reason" : "the comment", request.Comment) is { } unsafeText)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Text, unsafeText);
        }

        if (request.SignedAt > _time.GetUtcNow() + ClockSkew)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Envelope, $"decision on change {change.Id} refused: it says it was signed at {request.SignedAt:O}, later than now; check the signer's clock");
        }

        return await RecordAsync(change, rules, verification.Approver!, request.Decision, envelopeJson, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How far ahead of the gate's clock an approver's clock may run.</summary>
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The change, if it is pending approval with a proof that verifies and has not expired, and the rules that count its votes now.</summary>
    private async Task<(ChangeDocument Change, Sha256Digest Digest, ApprovalRules Rules)> PendingAsync(string changeId, CancellationToken cancellationToken)
    {
        var change = await LoadAsync(_ledger, changeId, cancellationToken).ConfigureAwait(false);
        RequirePending(change);
        var (claims, digest, failure) = ProofCheck.Verify(change, _gateKey);
        if (claims is null)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Proof, $"change {change.Id} cannot be approved: {failure}");
        }

        var now = _time.GetUtcNow();
        if (claims.ExpiresAt <= now)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Expired, $"change {change.Id} expired at {claims.ExpiresAt:O}; the agent must propose it again");
        }

        // Count as the gate will: the proof's requirement, tightened by the policy in force now.
        return (change, digest, ApprovalRules.From(claims, digest, CurrentPolicy.Evaluate(_policy, claims, now)));
    }

    private async Task<ApprovalOutcome> RecordAsync(ChangeDocument change, ApprovalRules rules, TrustedApprover approver, string decision, string envelope, CancellationToken cancellationToken)
    {
        if (rules.Refusal(approver, decision) is { } refusal)
        {
            throw new ApprovalRefusedException(Identities.Same(approver.Identity, rules.Requester) ? ApprovalRefusal.Requester : ApprovalRefusal.Groups, refusal);
        }

        var before = ApprovalTally.Count(rules, await SubmittedApprovals.ReadAsync(_ledger, change.Id, cancellationToken).ConfigureAwait(false), _approvers);
        if (before.Rejection is { } rejected)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Rejected, $"change {change.Id} was already rejected by {rejected.Identity}{ReasonOf(rejected)}; it cannot be approved or rejected again");
        }

        if (decision == ApprovalDecision.Approve && before.Accepted.Any(a => a.Identity == approver.Identity))
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Duplicate, $"{approver.Identity} already approved change {change.Id}; one approval per approver counts");
        }

        try
        {
            // The check above is advisory; this one, inside the write transaction, is the rule:
            // parallel submissions by one approver record exactly one decision.
            await _ledger.AppendUniqueEventAsync(change.Id, ChangeState.PendingApproval, LedgerEvents.ApprovalSubmitted, new JsonObject
            {
                ["identity"] = approver.Identity,
                ["decision"] = decision,
                ["keyId"] = approver.PublicKey.KeyId,
                ["envelope"] = envelope,
            }, s_oneDecisionPerApprover, cancellationToken).ConfigureAwait(false);
            _ledger.AnnounceDecision();
        }
        catch (ChangeStateConflictException ex)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.State, $"change {change.Id} is no longer pending approval (now {ex.ActualState?.ToWire()})", ex);
        }
        catch (DuplicateLedgerEventException ex)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Duplicate, decision == ApprovalDecision.Approve
                ? $"{approver.Identity} already approved change {change.Id}; one approval per approver counts"
                : $"{approver.Identity} already rejected change {change.Id}", ex);
        }

        var after = ApprovalTally.Count(rules, await SubmittedApprovals.ReadAsync(_ledger, change.Id, cancellationToken).ConfigureAwait(false), _approvers);
        return new ApprovalOutcome { Change = change, Approver = approver, Tally = after, Decision = decision, Rules = rules };
    }

    private static readonly string[] s_oneDecisionPerApprover = ["identity", "decision"];

    internal static string ReasonOf(ApprovalRecord rejection) =>
        rejection.Comment is null ? string.Empty : $"; {rejection.Identity}'s reason: {UntrustedText.Quote(rejection.Comment)}";

    /// <summary>The change an approver names, or a refusal that says what is wrong with the id or where it was looked for.</summary>
    internal static async Task<ChangeDocument> LoadAsync(ChangeLedger ledger, string changeId, CancellationToken cancellationToken)
    {
        if (!ChangeId.TryParse(changeId, out _))
        {
            throw new ApprovalRefusedException(ApprovalRefusal.ChangeId, $"'{changeId}' is not a change id (expected chg- followed by 12 characters a-z, 2-7)");
        }

        var stored = await ledger.GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false)
            ?? throw new ApprovalRefusedException(ApprovalRefusal.UnknownChange, $"no change {changeId} in this ledger ({ledger.DatabasePath}); check the id and --data-dir");
        return ChangeJson.Deserialize(stored.DocumentJson);
    }

    private static void RequirePending(ChangeDocument change)
    {
        var state = change.State;
        if (state == ChangeState.PendingApproval)
        {
            return;
        }

        // The outcome may carry an approver's reason or a cluster's error text: quoted, never as the gate's words.
        var detail = change.Outcome is null ? string.Empty : $" (recorded outcome: {UntrustedText.Quote(change.Outcome)})";
        var rejection = change.Approvals.FirstOrDefault(a => a.Decision == ApprovalDecision.Reject);
        throw new ApprovalRefusedException(state == ChangeState.Expired ? ApprovalRefusal.Expired : state == ChangeState.Rejected ? ApprovalRefusal.Rejected : ApprovalRefusal.State, state switch
        {
            ChangeState.Rejected when rejection is not null => $"change {change.Id} was already rejected by {rejection.Identity}{ReasonOf(rejection)}; it cannot be approved",
            ChangeState.Rejected => $"change {change.Id} was already rejected{detail}; it cannot be approved",
            ChangeState.Denied => $"change {change.Id} was denied by policy{detail}; it cannot be approved",
            ChangeState.Expired => $"change {change.Id} expired{detail}; the agent must propose it again",
            ChangeState.Cancelled => $"change {change.Id} was cancelled{detail}; it cannot be approved",
            _ => $"change {change.Id} is {change.State.ToWire()}{detail}, not pending approval",
        });
    }
}
