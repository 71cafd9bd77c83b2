using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Comments;

/// <summary>
/// Records an approver's signed comment on a change in the ledger: a <c>commented</c> entry on the
/// change's chain that decides nothing and moves nothing. Any approver in the policy may comment
/// (as any may cancel), in any state, final ones included: a question after a failure is worth
/// recording too. The comment must be signed by the key the policy lists for the identity it names,
/// over the change's exact proof, within the clock allowance of decisions (five minutes either way),
/// with plain text of 1 to <see cref="CommentFormat.MaxLength"/> characters. The same envelope twice is
/// refused as a duplicate (rule <c>duplicate</c>), so a replay records nothing.
/// </summary>
public sealed class ChangeCommenter
{
    /// <summary>How far an approver's clock may be from the gate's, either way.</summary>
    public static readonly TimeSpan ClockAllowance = TimeSpan.FromMinutes(5);

    private static readonly string[] s_oneEntryPerEnvelope = ["envelope"];

    private readonly ChangeLedger _ledger;
    private readonly IReadOnlyList<TrustedApprover> _approvers;
    private readonly Ed25519PublicKey _gateKey;
    private readonly TimeProvider _time;

    public ChangeCommenter(ChangeLedger ledger, PolicySet policy, Ed25519PublicKey gateKey, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _approvers = TrustedApprovers.FromPolicy(policy);
        _gateKey = gateKey ?? throw new ArgumentNullException(nameof(gateKey));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Signs the comment here with <paramref name="key"/> (the CLI's local path) and records it.</summary>
    /// <exception cref="ApprovalRefusedException">Its rule names what is wrong; nothing was recorded.</exception>
    public async Task<CommentOutcome> CommentAsync(string changeId, Ed25519PrivateKey key, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (CommentFormat.Refusal("the comment", text) is { } refusal)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Text, refusal);
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

        var (change, digest) = await ProvenAsync(changeId, cancellationToken).ConfigureAwait(false);
        var envelope = CommentSigner.Sign(new CommentRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest.ToString(),
            Approver = approver.Identity,
            Text = text,
            CreatedAt = _time.GetUtcNow(),
        }, key).ToJson();
        return await SubmitSignedAsync(change.Id, envelope, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a comment the approver signed on their own side (the approval API's path), stored as received.</summary>
    /// <exception cref="ApprovalRefusedException">Its rule names what is wrong; nothing was recorded.</exception>
    public async Task<CommentOutcome> SubmitSignedAsync(string changeId, string envelopeJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelopeJson);
        var (change, digest) = await ProvenAsync(changeId, cancellationToken).ConfigureAwait(false);
        var verification = CommentVerifier.Verify(envelopeJson, change.Id, digest, _approvers);
        if (!verification.Succeeded)
        {
            throw new ApprovalRefusedException(verification.Rule ?? ApprovalRefusal.Signature, $"comment on change {change.Id} refused: {verification.Failure}");
        }

        var request = verification.Request!;
        var approver = verification.Approver!;
        if (CommentFormat.Refusal("the comment", request.Text) is { } refusal)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Text, refusal);
        }

        var now = _time.GetUtcNow();
        if (request.CreatedAt > now + ClockAllowance || request.CreatedAt < now - ClockAllowance)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Envelope, string.Create(CultureInfo.InvariantCulture,
                $"comment on change {change.Id} refused: it says it was written at {request.CreatedAt:O}, more than {ClockAllowance.TotalMinutes} minutes from the gate's time {now:O}; check the signer's clock, and sign a comment just before sending it"));
        }

        LedgerEntry entry;
        try
        {
            entry = await _ledger.AppendUniqueEventInAnyStateAsync(change.Id, LedgerEvents.Commented, new JsonObject
            {
                ["identity"] = approver.Identity,
                ["keyId"] = approver.PublicKey.KeyId,
                ["text"] = request.Text,
                ["createdAt"] = request.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                ["envelope"] = envelopeJson,
            }, s_oneEntryPerEnvelope, cancellationToken).ConfigureAwait(false);
        }
        catch (ChangeStateConflictException ex)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.UnknownChange, $"change {change.Id} is no longer in this ledger ({_ledger.DatabasePath})", ex);
        }
        catch (DuplicateLedgerEventException ex)
        {
            throw new ApprovalRefusedException(ApprovalRefusal.Duplicate, $"this comment by {approver.Identity} on change {change.Id} is already recorded (entry {ex.ExistingSequence}); a signed comment is recorded once", ex);
        }

        var count = (await ChangeComments.ReadAsync(_ledger, change.Id, cancellationToken).ConfigureAwait(false)).Count;
        return new CommentOutcome { Change = change, Approver = approver, At = entry.Time, Count = count };
    }

    /// <summary>The change, if it has a proof that verifies with the gate key: a comment signs that proof's digest.</summary>
    private async Task<(ChangeDocument Change, Sha256Digest Digest)> ProvenAsync(string changeId, CancellationToken cancellationToken)
    {
        var change = await ApprovalSubmitter.LoadAsync(_ledger, changeId, cancellationToken).ConfigureAwait(false);
        var (claims, digest, failure) = ProofCheck.Verify(change, _gateKey);
        return claims is null
            ? throw new ApprovalRefusedException(ApprovalRefusal.Proof, $"change {change.Id} cannot be commented on: {failure}")
            : (change, digest);
    }
}
