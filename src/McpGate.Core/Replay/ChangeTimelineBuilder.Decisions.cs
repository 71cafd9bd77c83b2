using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;

namespace McpGate.Core.Replay;

public sealed partial class ChangeTimelineBuilder
{
    /// <summary>
    /// An <c>approval_submitted</c> entry checked as the engine counts it (<see cref="ApprovalTally.Check"/>:
    /// signed by an approver of the policy, names this proof, meets the proof's rules tightened by the
    /// policy now), and against what the entry itself claims: its identity and decision.
    /// </summary>
    private TimelineDecision Vote(TimelinePayload entry, ApprovalRules? rules, string? proofFailure)
    {
        var identity = entry.String("identity");
        var decision = entry.String("decision");
        var envelope = entry.String("envelope");
        string? failure;
        Changes.ApprovalRecord? record = null;
        if (envelope is null)
        {
            failure = "the entry holds no signed envelope";
        }
        else if (rules is null)
        {
            failure = $"not checked: the change's proof does not verify ({proofFailure})";
        }
        else
        {
            (record, failure) = ApprovalTally.Check(envelope, rules, _approvers);
            failure ??= Mismatch(identity, decision, record!.Identity, record.Decision);
        }

        var verified = failure is null;
        return new TimelineDecision
        {
            Sequence = entry.Entry.Sequence,
            At = entry.Entry.Time,
            Identity = identity,
            Decision = decision,
            KeyId = entry.String("keyId"),
            SignedAt = verified ? record!.At : null,
            Comment = verified ? record!.Comment : null,
            SignatureVerified = verified,
            Failure = failure,
        };
    }

    /// <summary>
    /// The <c>cancelled</c> entry: its envelope must be an approver's signed <c>cancel</c> of this
    /// change's proof (<see cref="ApprovalVerifier"/>; any approver may cancel, so no group rule applies).
    /// </summary>
    private TimelineDecision Cancel(TimelinePayload entry, string changeId, string? proofDigest, string? proofFailure)
    {
        var identity = entry.String("identity");
        var envelope = entry.String("envelope");
        string? failure;
        ApprovalVerification? verification = null;
        if (envelope is null)
        {
            failure = "the entry holds no signed envelope";
        }
        else if (proofFailure is not null || !Sha256Digest.TryParse(proofDigest, out var digest))
        {
            failure = $"not checked: the change's proof does not verify ({proofFailure ?? "no proof digest"})";
        }
        else
        {
            verification = ApprovalVerifier.Verify(envelope, changeId, digest, _approvers, [ApprovalDecision.Cancel]);
            failure = verification.Succeeded
                ? Mismatch(identity, ApprovalDecision.Cancel, verification.Approver!.Identity, verification.Request!.Decision)
                : verification.Failure;
        }

        var verified = failure is null;
        return new TimelineDecision
        {
            Sequence = entry.Entry.Sequence,
            At = entry.Entry.Time,
            Identity = identity,
            Decision = ApprovalDecision.Cancel,
            KeyId = entry.String("keyId"),
            SignedAt = verified ? verification!.Request!.SignedAt : null,
            Comment = verified ? verification!.Request!.Comment : entry.String("reason"),
            SignatureVerified = verified,
            Failure = failure,
        };
    }

    private static string? Mismatch(string? claimedIdentity, string? claimedDecision, string signer, string signed) =>
        !Identities.Same(claimedIdentity, signer) ? $"the entry names {Identities.Show(claimedIdentity)}, but the envelope is signed by {signer}"
        : !string.Equals(claimedDecision, signed, StringComparison.Ordinal) ? $"the entry says {Identities.Show(claimedDecision)}, but the signed decision is {signed}"
        : null;

    /// <summary>A <c>commented</c> entry: its envelope must be a comment signed by an approver of the policy over this change's proof, with the entry's words.</summary>
    private TimelineComment Comment(TimelinePayload entry, string changeId, Sha256Digest? digest, string? proofFailure)
    {
        var identity = entry.String("identity");
        var text = entry.String("text");
        var envelope = entry.String("envelope");
        string? failure;
        if (envelope is null)
        {
            failure = "the entry holds no signed envelope";
        }
        else if (digest is not { } proof)
        {
            failure = $"not checked: the change's proof does not verify ({proofFailure})";
        }
        else
        {
            var verification = Comments.CommentVerifier.Verify(envelope, changeId, proof, _approvers);
            failure = !verification.Succeeded ? verification.Failure
                : !string.Equals(verification.Approver!.Identity, identity, StringComparison.Ordinal) ? $"signed by {verification.Approver.Identity}, but the entry names {Text.UntrustedText.Quote(identity)}"
                : !string.Equals(verification.Request!.Text, text, StringComparison.Ordinal) ? "the entry's text is not the text signed"
                : null;
        }

        return new TimelineComment
        {
            Sequence = entry.Entry.Sequence,
            At = entry.Entry.Time,
            Identity = identity,
            Text = text,
            SignatureVerified = failure is null,
            Failure = failure,
        };
    }
}
