using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
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
        DsseEnvelope envelope;
        try
        {
            envelope = DsseEnvelope.Parse(envelopeJson);
        }
        catch (DsseFormatException ex)
        {
            return ApprovalVerification.Fail($"not a DSSE envelope: {ex.Message}", ApprovalRefusal.Envelope);
        }

        if (envelope.PayloadType != ProofFormat.PayloadType)
        {
            return ApprovalVerification.Fail($"payloadType is '{envelope.PayloadType}', expected '{ProofFormat.PayloadType}'", ApprovalRefusal.Envelope);
        }

        var signature = DsseVerifier.Verify(envelope, [.. approvers.Select(a => a.PublicKey)], threshold: 1);
        if (!signature.Succeeded)
        {
            return ApprovalVerification.Fail($"not signed by any approver in the policy ({signature.Failure})");
        }

        var signer = approvers.First(a => a.PublicKey.Equals(signature.VerifiedKeys[0]));
        ApprovalRequest request;
        try
        {
            request = ParsePayload(envelope.Payload, decisions ?? ApprovalDecision.Votes);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
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

    private static ApprovalRequest ParsePayload(byte[] payload, IReadOnlyList<string> decisions)
    {
        var statement = JsonNode.Parse(payload) as JsonObject ?? throw new JsonException("not a JSON object");
        if (statement["_type"]?.GetValue<string>() != ProofFormat.StatementType
            || statement["predicateType"]?.GetValue<string>() != ProofFormat.ApprovalPredicateType)
        {
            throw new FormatException($"not an approval statement (predicateType must be '{ProofFormat.ApprovalPredicateType}')");
        }

        var digest = statement["subject"]?[0]?["digest"]?["sha256"]?.GetValue<string>()
            ?? throw new FormatException("subject[0].digest.sha256 is missing");
        var predicate = statement["predicate"] as JsonObject ?? throw new FormatException("predicate is missing");
        var decision = Required(predicate, "decision");
        if (!decisions.Contains(decision, StringComparer.Ordinal))
        {
            throw new FormatException($"predicate.decision is '{decision}'; here it must be {string.Join(" or ", decisions.Select(d => $"'{d}'"))}");
        }

        return new ApprovalRequest
        {
            ChangeId = Required(predicate, "changeId"),
            ProofDigest = Sha256Digest.Parse(digest).ToString(),
            Decision = decision,
            Approver = Required(predicate, "approver"),
            Comment = predicate["comment"]?.GetValue<string>(),
            SignedAt = DateTimeOffset.Parse(Required(predicate, "signedAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        };
    }

    private static string Required(JsonObject predicate, string name) =>
        predicate[name]?.GetValue<string>() ?? throw new FormatException($"predicate.{name} is missing");
}
