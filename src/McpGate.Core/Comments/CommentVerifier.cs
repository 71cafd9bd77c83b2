using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

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
        DsseEnvelope envelope;
        try
        {
            envelope = DsseEnvelope.Parse(envelopeJson);
        }
        catch (DsseFormatException ex)
        {
            return CommentVerification.Fail($"not a DSSE envelope: {ex.Message}", ApprovalRefusal.Envelope);
        }

        if (envelope.PayloadType != ProofFormat.PayloadType)
        {
            return CommentVerification.Fail($"payloadType is '{envelope.PayloadType}', expected '{ProofFormat.PayloadType}'", ApprovalRefusal.Envelope);
        }

        var signature = DsseVerifier.Verify(envelope, [.. approvers.Select(a => a.PublicKey)], threshold: 1);
        if (!signature.Succeeded)
        {
            return CommentVerification.Fail($"not signed by any approver in the policy ({signature.Failure})", ApprovalRefusal.Signature);
        }

        var signer = approvers.First(a => a.PublicKey.Equals(signature.VerifiedKeys[0]));
        CommentRequest request;
        try
        {
            request = ParsePayload(envelope.Payload);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
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

    private static CommentRequest ParsePayload(byte[] payload)
    {
        var statement = JsonNode.Parse(payload) as JsonObject ?? throw new JsonException("not a JSON object");
        if (statement["_type"]?.GetValue<string>() != ProofFormat.StatementType
            || statement["predicateType"]?.GetValue<string>() != CommentFormat.PredicateType)
        {
            throw new FormatException($"not a comment statement (predicateType must be '{CommentFormat.PredicateType}'; a decision goes to the decisions endpoint)");
        }

        var digest = statement["subject"]?[0]?["digest"]?["sha256"]?.GetValue<string>()
            ?? throw new FormatException("subject[0].digest.sha256 is missing");
        var predicate = statement["predicate"] as JsonObject ?? throw new FormatException("predicate is missing");
        return new CommentRequest
        {
            ChangeId = Required(predicate, "changeId"),
            ProofDigest = Sha256Digest.Parse(digest).ToString(),
            Approver = Required(predicate, "approver"),
            Text = Required(predicate, "text"),
            CreatedAt = DateTimeOffset.Parse(Required(predicate, "createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        };
    }

    private static string Required(JsonObject predicate, string name) =>
        predicate[name]?.GetValue<string>() ?? throw new FormatException($"predicate.{name} is missing");
}
