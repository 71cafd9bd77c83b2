using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Approvals;

/// <summary>
/// Checks an approval: signed by a key the policy trusts (the keyid hint is never trusted),
/// the signer's identity is the one the statement claims, and it names this exact proof.
/// </summary>
public static class ApprovalVerifier
{
    public static ApprovalVerification Verify(
        string envelopeJson,
        string changeId,
        Sha256Digest proofDigest,
        IReadOnlyCollection<TrustedApprover> approvers,
        IReadOnlyList<string>? decisions = null)
    {
        ArgumentNullException.ThrowIfNull(envelopeJson);
        ArgumentNullException.ThrowIfNull(approvers);
        var opened = ApproverStatement.Open(envelopeJson, approvers, ProofFormat.ApprovalPredicateType, $"not an approval statement (predicateType must be '{ProofFormat.ApprovalPredicateType}')");
        if (opened.Failure is { } failure)
        {
            return ApprovalVerification.Fail(failure, opened.Rule);
        }

        var signer = opened.Signer!;
        ApprovalRequest request;
        try
        {
            request = ParsePredicate(opened.Predicate!, opened.SubjectDigest, decisions ?? ApprovalDecision.Votes);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            return ApprovalVerification.Fail($"payload: {ex.Message}", ApprovalRefusal.Envelope);
        }

        if (!Identities.Same(request.Approver, signer.Identity))
        {
            return ApprovalVerification.Fail($"signed with {signer.Identity}'s key but claims to be from {Identities.Show(request.Approver)}", ApprovalRefusal.Identity);
        }

        if (!string.Equals(request.ChangeId, changeId, StringComparison.Ordinal))
        {
            return ApprovalVerification.Fail($"approves change {request.ChangeId}, not {changeId}", ApprovalRefusal.ProofDigest);
        }

        if (Sha256Digest.Parse(request.ProofDigest) != proofDigest)
        {
            return ApprovalVerification.Fail($"approves proof {request.ProofDigest}, but the change's proof is {proofDigest}", ApprovalRefusal.ProofDigest);
        }

        return new ApprovalVerification { Succeeded = true, Approver = signer, Request = request };
    }

    private static ApprovalRequest ParsePredicate(JsonObject predicate, string digest, IReadOnlyList<string> decisions)
    {
        var decision = ApproverStatement.Required(predicate, "decision");
        if (!decisions.Contains(decision, StringComparer.Ordinal))
        {
            throw new FormatException($"predicate.decision is '{decision}'; here it must be {string.Join(" or ", decisions.Select(d => $"'{d}'"))}");
        }

        return new ApprovalRequest
        {
            ChangeId = ApproverStatement.Required(predicate, "changeId"),
            ProofDigest = Sha256Digest.Parse(digest).ToString(),
            Decision = decision,
            Approver = ApproverStatement.Required(predicate, "approver"),
            Comment = predicate["comment"]?.GetValue<string>(),
            SignedAt = DateTimeOffset.Parse(ApproverStatement.Required(predicate, "signedAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        };
    }
}
