using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;
using McpGate.Core.Text;

namespace McpGate.Core.Approvals;

/// <summary>
/// Stops a change before it executes, on an approver's signed word: pending approval, approved,
/// or waiting for a freeze window to end. Any approver in the policy may cancel (stopping a change
/// never needs a quorum). Runs in the approver's CLI with their own key, and moves the change to
/// <c>cancelled</c> itself, so it takes effect at once even when no gate is running. The move is a
/// compare-and-set on the change's state in the ledger, the same one an executor's claim is:
/// either the cancel lands before execution starts, or it is refused because execution started.
/// </summary>
public sealed class ChangeCanceller
{
    /// <summary>How many times a cancel re-reads a change whose state moved (approved to waiting, say) under it.</summary>
    private const int Attempts = 5;

    private readonly ChangeLedger _ledger;
    private readonly IReadOnlyList<TrustedApprover> _approvers;
    private readonly Ed25519PublicKey _gateKey;
    private readonly TimeProvider _time;

    public ChangeCanceller(ChangeLedger ledger, PolicySet policy, Ed25519PublicKey gateKey, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _approvers = TrustedApprovers.FromPolicy(policy);
        _gateKey = gateKey ?? throw new ArgumentNullException(nameof(gateKey));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Cancels with the approver's key at hand (the CLI's local path): signs the cancel here, then records it as <see cref="CancelSignedAsync"/> does.</summary>
    /// <returns>The change as cancelled.</returns>
    /// <exception cref="ApprovalRefusedException">Unknown change or key, execution already started, already final...</exception>
    public Task<ChangeDocument> CancelAsync(string changeId, Ed25519PrivateKey key, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (UntrustedText.Refusal("the reason", reason) is { } unsafeText)
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

        return CancelAsync(changeId, (change, digest, now) => new SignedCancel(approver, reason, ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest.ToString(),
            Decision = ApprovalDecision.Cancel,
            Approver = approver.Identity,
            Comment = reason,
            SignedAt = now,
        }, key).ToJson()), cancellationToken);
    }

    /// <summary>
    /// Cancels on a cancel the approver signed on their own side (the approval API's path): the
    /// envelope must verify against the policy's approver keys as a <c>cancel</c> over this change's
    /// exact proof, carry a reason, and not be dated ahead of the gate's clock. It is stored as received.
    /// </summary>
    /// <returns>The change as cancelled.</returns>
    /// <exception cref="ApprovalRefusedException">Its <see cref="ApprovalRefusedException.Rule"/> names the rule broken; nothing was recorded.</exception>
    public Task<ChangeDocument> CancelSignedAsync(string changeId, string envelopeJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelopeJson);
        return CancelAsync(changeId, (change, digest, now) =>
        {
            var verification = ApprovalVerifier.Verify(envelopeJson, change.Id, digest, _approvers, s_cancelOnly);
            if (!verification.Succeeded)
            {
                throw new ApprovalRefusedException(verification.Rule ?? ApprovalRefusal.Signature, $"cancel of change {change.Id} refused: {verification.Failure}");
            }

            var request = verification.Request!;
            if (string.IsNullOrWhiteSpace(request.Comment))
            {
                throw new ApprovalRefusedException(ApprovalRefusal.Text, $"cancel of change {change.Id} refused: the reason is missing; say why it is cancelled (predicate.comment), it is recorded and shown to the agent");
            }

            if (UntrustedText.Refusal("the reason", request.Comment) is { } unsafeText)
            {
                throw new ApprovalRefusedException(ApprovalRefusal.Text, unsafeText);
            }

            if (request.SignedAt > now + ApprovalSubmitter.ClockSkew)
            {
                throw new ApprovalRefusedException(ApprovalRefusal.Envelope, $"cancel of change {change.Id} refused: it says it was signed at {request.SignedAt:O}, later than now; check the signer's clock");
            }

            return new SignedCancel(verification.Approver!, request.Comment, envelopeJson);
        }, cancellationToken);
    }

    private static readonly string[] s_cancelOnly = [ApprovalDecision.Cancel];

    /// <summary>Who cancels, why, and the signed cancel to store, for one reading of the change.</summary>
    private sealed record SignedCancel(TrustedApprover Approver, string? Reason, string Envelope);

    /// <summary>
    /// The one recording path: while the change is cancellable and its proof verifies, <paramref name="sign"/>
    /// gives the signed cancel over that proof, and the change moves to cancelled in one compare-and-set.
    /// </summary>
    private async Task<ChangeDocument> CancelAsync(string changeId, Func<ChangeDocument, Sha256Digest, DateTimeOffset, SignedCancel> sign, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var change = await ApprovalSubmitter.LoadAsync(_ledger, changeId, cancellationToken).ConfigureAwait(false);
            if (!change.State.IsCancellable())
            {
                throw new ApprovalRefusedException(ApprovalRefusal.State, TooLate(change));
            }

            // The signature names this exact proof, as an approval does; a proof that does not verify
            // would never execute, and there is nothing to sign.
            var (claims, digest, failure) = ProofCheck.Verify(change, _gateKey);
            if (claims is null)
            {
                throw new ApprovalRefusedException(ApprovalRefusal.Proof, $"change {change.Id} cannot be cancelled: {failure}; it will not execute either");
            }

            var now = _time.GetUtcNow();
            var (approver, reason, envelope) = sign(change, digest, now);
            var record = new ApprovalRecord
            {
                Identity = approver.Identity,
                KeyId = approver.PublicKey.KeyId,
                Decision = ApprovalDecision.Cancel,
                At = now,
                Comment = reason,
            };
            var cancelled = change with
            {
                State = ChangeState.Cancelled,
                Cancellation = record,
                Waiting = null,
                Outcome = $"cancelled by {approver.Identity} before execution" + (reason is null ? string.Empty : $": {reason}") + "; nothing was changed",
                UpdatedAt = now,
            };
            var payload = new JsonObject
            {
                ["from"] = change.State.ToWire(),
                ["to"] = ChangeState.Cancelled.ToWire(),
                ["identity"] = approver.Identity,
                ["keyId"] = approver.PublicKey.KeyId,
                ["reason"] = reason,
                ["envelope"] = envelope,
            };
            try
            {
                await _ledger.TransitionAsync(change.Id, change.State, ChangeState.Cancelled, ChangeJson.Serialize(cancelled),
                    ChangeState.Cancelled.ToWire(), payload, cancellationToken).ConfigureAwait(false);
                return cancelled;
            }
            catch (ChangeStateConflictException)
            {
                // It moved under us (approved -> waiting, or execution started): look again.
            }
            catch (ExecutorClaimException ex)
            {
                throw new ApprovalRefusedException(ApprovalRefusal.State, $"change {change.Id} was claimed for execution; it is too late to cancel it", ex);
            }
        }

        throw new ApprovalRefusedException(ApprovalRefusal.State, $"change {changeId} kept changing state while it was being cancelled; run the command again");
    }

    private static string TooLate(ChangeDocument change)
    {
        var detail = change.Outcome is null ? string.Empty : $" (recorded outcome: {UntrustedText.Quote(change.Outcome)})";
        return change.State switch
        {
            ChangeState.Cancelled => $"change {change.Id} was already cancelled{detail}",
            ChangeState.Executing or ChangeState.Executed or ChangeState.Verifying =>
                $"change {change.Id} is {change.State.ToWire()}: execution started at {change.UpdatedAt:O}, so it is too late to cancel it; to undo it, have the agent propose the opposite change (or a rollback)",
            ChangeState.Verified or ChangeState.VerificationFailed or ChangeState.Failed =>
                $"change {change.Id} already ran and ended {change.State.ToWire()}{detail}; there is nothing to cancel",
            _ => $"change {change.Id} already ended {change.State.ToWire()}{detail}; it will never execute, so there is nothing to cancel",
        };
    }
}
