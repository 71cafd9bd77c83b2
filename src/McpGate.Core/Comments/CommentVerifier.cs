using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;

namespace McpGate.Core.Comments;

/// <summary>
/// Checks a comment: a DSSE envelope signed by a key the policy trusts (the keyid hint is never
/// trusted), holding a comment statement (an approval statement is refused, as a comment statement
/// is refused where a decision is expected), from the identity the key belongs to, on this exact proof.
/// </summary>
public static class CommentVerifier
{
    public static CommentVerification Verify(string envelopeJson, string changeId, Sha256Digest proofDigest, IReadOnlyCollection<TrustedApprover> approvers)
    {
        ArgumentNullException.ThrowIfNull(envelopeJson);
        ArgumentNullException.ThrowIfNull(approvers);
        var opened = ApproverStatement.Open(envelopeJson, approvers, CommentFormat.PredicateType, $"not a comment statement (predicateType must be '{CommentFormat.PredicateType}'; a decision goes to the decisions endpoint)");
        if (opened.Failure is { } failure)
        {
            return CommentVerification.Fail(failure, opened.Rule);
        }

        var signer = opened.Signer!;
        CommentRequest request;
        try
        {
            request = ParsePredicate(opened.Predicate!, opened.SubjectDigest);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            return CommentVerification.Fail($"payload: {ex.Message}", ApprovalRefusal.Envelope);
        }

        if (!Identities.Same(request.Approver, signer.Identity))
        {
            return CommentVerification.Fail($"signed with {signer.Identity}'s key but claims to be from {Identities.Show(request.Approver)}", ApprovalRefusal.Identity);
        }

        if (!string.Equals(request.ChangeId, changeId, StringComparison.Ordinal))
        {
            return CommentVerification.Fail($"comments on change {Identities.Show(request.ChangeId)}, not {changeId}", ApprovalRefusal.ProofDigest);
        }

        if (Sha256Digest.Parse(request.ProofDigest) != proofDigest)
        {
            return CommentVerification.Fail($"comments on proof {request.ProofDigest}, but the change's proof is {proofDigest}", ApprovalRefusal.ProofDigest);
        }

        return new CommentVerification { Succeeded = true, Approver = signer, Request = request with { Approver = signer.Identity } };
    }

    private static CommentRequest ParsePredicate(JsonObject predicate, string digest) => new()
    {
        ChangeId = ApproverStatement.Required(predicate, "changeId"),
        ProofDigest = Sha256Digest.Parse(digest).ToString(),
        Approver = ApproverStatement.Required(predicate, "approver"),
        Text = ApproverStatement.Required(predicate, "text"),
        CreatedAt = DateTimeOffset.Parse(ApproverStatement.Required(predicate, "createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
    };
}
