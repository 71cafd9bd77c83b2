using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Proofs;

namespace McpGate.Core.Approvals;

/// <summary>
/// Records an approver's signed decision in the ledger, out of band from the agent (the CLI
/// runs this with the approver's own key). Checks everything it can first so an operator gets
/// a clear answer; the engine re-verifies all of it before it executes anything.
/// </summary>
public sealed class ApprovalSubmitter
{
    private readonly ChangeLedger _ledger;
    private readonly IReadOnlyList<TrustedApprover> _approvers;
    private readonly Ed25519PublicKey? _gateKey;
    private readonly TimeProvider _time;

    public ApprovalSubmitter(ChangeLedger ledger, IReadOnlyList<TrustedApprover> approvers, Ed25519PublicKey? gateKey, TimeProvider timeProvider)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _approvers = approvers ?? throw new ArgumentNullException(nameof(approvers));
        _gateKey = gateKey;
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

        var approver = _approvers.FirstOrDefault(a => a.PublicKey.Equals(key.PublicKey))
            ?? throw new ApprovalRefusedException(
                $"this key ({key.PublicKey}) is not an approver in the policy; add it to a policy file's approvers, e.g. - {{ identity: NAME, groups: [sre], publicKey: '{key.PublicKey}' }}");

        var change = await LoadAsync(changeId, cancellationToken).ConfigureAwait(false);
        RequirePending(change);
        if (string.Equals(change.Requester, approver.Identity, StringComparison.Ordinal))
        {
            throw new ApprovalRefusedException($"{approver.Identity} requested change {change.Id} and cannot approve or reject it");
        }

        var now = _time.GetUtcNow();
        if (change.ExpiresAt is { } expiry && expiry <= now)
        {
            throw new ApprovalRefusedException($"change {change.Id} expired at {expiry:O}; the agent must propose it again");
        }

        var proof = ProofVerifier.Verify(change.ProofEnvelope ?? string.Empty, _gateKey, requireSignature: _gateKey is not null);
        if (!proof.Succeeded || proof.Digest?.ToString() != change.ProofDigest)
        {
            throw new ApprovalRefusedException($"the proof of change {change.Id} does not verify ({proof.Failure ?? "digest mismatch"}); do not approve it");
        }

        var digest = Sha256Digest.Parse(change.ProofDigest!);
        var previous = await SubmittedApprovals.ReadAsync(_ledger, change.Id, cancellationToken).ConfigureAwait(false);
        var before = ApprovalTally.Count(change, previous, _approvers);
        if (before.Accepted.Any(a => a.Identity == approver.Identity))
        {
            throw new ApprovalRefusedException($"{approver.Identity} already approved change {change.Id}; one approval per approver counts");
        }

        var envelope = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest.ToString(),
            Decision = decision,
            Approver = approver.Identity,
            Comment = comment,
            SignedAt = now,
        }, key).ToJson();

        var (_, failure) = ApprovalTally.Check(envelope, change, digest, change.Policy?.ApproverGroups ?? [], _approvers);
        if (failure is not null)
        {
            throw new ApprovalRefusedException($"this approval would not count: {failure}");
        }

        try
        {
            await _ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval.ToWire(), LedgerEvents.ApprovalSubmitted, new JsonObject
            {
                ["identity"] = approver.Identity,
                ["decision"] = decision,
                ["keyId"] = approver.PublicKey.KeyId,
                ["envelope"] = envelope,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ChangeStateConflictException ex)
        {
            throw new ApprovalRefusedException($"change {change.Id} is no longer pending approval (now {ex.ActualState})", ex);
        }

        var tally = ApprovalTally.Count(change, [.. previous, envelope], _approvers);
        var next = tally.Rejection is { } rejection
            ? change with
            {
                State = ChangeState.Rejected.ToWire(),
                Approvals = [.. tally.Accepted, rejection],
                Outcome = $"rejected by {rejection.Identity}" + (rejection.Comment is null ? string.Empty : $": {rejection.Comment}"),
                UpdatedAt = now,
            }
            : tally.QuorumMet
                ? change with { State = ChangeState.Approved.ToWire(), Approvals = tally.Accepted, UpdatedAt = now }
                : null;
        if (next is null)
        {
            return new ApprovalOutcome { Change = change with { Approvals = tally.Accepted }, Approver = approver, Tally = tally };
        }

        try
        {
            await _ledger.TransitionAsync(change.Id, ChangeState.PendingApproval.ToWire(), next.State, ChangeJson.Serialize(next), next.State, new JsonObject
            {
                ["from"] = ChangeState.PendingApproval.ToWire(),
                ["to"] = next.State,
                ["approvers"] = new JsonArray([.. next.Approvals.Select(a => (JsonNode)a.Identity)]),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ChangeStateConflictException)
        {
            // Another approver's submission moved it first; our approval is recorded either way.
            next = await LoadAsync(change.Id, cancellationToken).ConfigureAwait(false);
        }

        return new ApprovalOutcome { Change = next, Approver = approver, Tally = tally };
    }

    private async Task<ChangeDocument> LoadAsync(string changeId, CancellationToken cancellationToken)
    {
        if (!ChangeId.TryParse(changeId, out _))
        {
            throw new ApprovalRefusedException($"'{changeId}' is not a change id (expected chg- followed by 12 characters a-z, 2-7)");
        }

        var stored = await _ledger.GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false)
            ?? throw new ApprovalRefusedException($"no change {changeId} in this ledger ({_ledger.DatabasePath}); check the id and --data-dir");
        return ChangeJson.Deserialize(stored.DocumentJson);
    }

    private static void RequirePending(ChangeDocument change)
    {
        var state = ChangeStates.Parse(change.State);
        if (state == ChangeState.PendingApproval)
        {
            return;
        }

        var detail = change.Outcome is null ? string.Empty : $" ({change.Outcome})";
        throw new ApprovalRefusedException(state switch
        {
            ChangeState.Rejected => $"change {change.Id} was already rejected{detail}; it cannot be approved",
            ChangeState.Denied => $"change {change.Id} was denied by policy{detail}; it cannot be approved",
            ChangeState.Expired => $"change {change.Id} expired{detail}; the agent must propose it again",
            _ => $"change {change.Id} is {change.State}{detail}, not pending approval",
        });
    }
}
