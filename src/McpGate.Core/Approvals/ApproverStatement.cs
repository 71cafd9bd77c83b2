using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Json;
using McpGate.Core.Proofs;

namespace McpGate.Core.Approvals;

/// <summary>
/// What an approver's decision and an approver's comment share: an in-toto statement whose subject is a change's
/// proof digest, in a DSSE envelope signed with the approver's own key. The predicate type keeps the two apart
/// (<see cref="ProofFormat.ApprovalPredicateType"/>, <see cref="Comments.CommentFormat.PredicateType"/>): a
/// statement of one is never read as the other. Each of <see cref="ApprovalVerifier"/> and
/// <see cref="Comments.CommentVerifier"/> reads its own predicate and checks that it names this change and proof.
/// </summary>
internal static class ApproverStatement
{
    /// <summary>Signs a statement of <paramref name="predicateType"/> over <paramref name="proofDigest"/>.</summary>
    /// <exception cref="FormatException"><paramref name="proofDigest"/> is not <c>sha256:</c> and 64 hex digits.</exception>
    public static DsseEnvelope Sign(string changeId, string proofDigest, string predicateType, JsonObject predicate, Ed25519PrivateKey approverKey)
    {
        var digest = Sha256Digest.Parse(proofDigest);
        var statement = new JsonObject
        {
            ["_type"] = ProofFormat.StatementType,
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = $"mcpgate-proof:{changeId}",
                ["digest"] = new JsonObject { ["sha256"] = digest.Hex },
            }),
            ["predicateType"] = predicateType,
            ["predicate"] = predicate,
        };
        return DsseSigner.Sign(ProofFormat.PayloadType, CanonicalJson.Serialize(statement), approverKey);
    }

    /// <summary>
    /// Opens an envelope: the payload type, a signature by one of <paramref name="approvers"/> (the keyid hint is
    /// never trusted), then a statement of <paramref name="predicateType"/> with a subject digest and a predicate.
    /// On a statement of another type the failure is "payload: " and <paramref name="otherTypeMessage"/>.
    /// </summary>
    public static Opened Open(string envelopeJson, IReadOnlyCollection<TrustedApprover> approvers, string predicateType, string otherTypeMessage)
    {
        DsseEnvelope envelope;
        try
        {
            envelope = DsseEnvelope.Parse(envelopeJson);
        }
        catch (DsseFormatException ex)
        {
            return Opened.Fail($"not a DSSE envelope: {ex.Message}", ApprovalRefusal.Envelope);
        }

        if (envelope.PayloadType != ProofFormat.PayloadType)
        {
            return Opened.Fail($"payloadType is '{envelope.PayloadType}', expected '{ProofFormat.PayloadType}'", ApprovalRefusal.Envelope);
        }

        var signature = DsseVerifier.Verify(envelope, [.. approvers.Select(a => a.PublicKey)], threshold: 1);
        if (!signature.Succeeded)
        {
            return Opened.Fail($"not signed by any approver in the policy ({signature.Failure})", ApprovalRefusal.Signature);
        }

        var signer = approvers.First(a => a.PublicKey.Equals(signature.VerifiedKeys[0]));
        try
        {
            var statement = JsonNode.Parse(envelope.Payload) as JsonObject ?? throw new JsonException("not a JSON object");
            if (statement["_type"]?.GetValue<string>() != ProofFormat.StatementType
                || statement["predicateType"]?.GetValue<string>() != predicateType)
            {
                throw new FormatException(otherTypeMessage);
            }

            var digest = statement["subject"]?[0]?["digest"]?["sha256"]?.GetValue<string>()
                ?? throw new FormatException("subject[0].digest.sha256 is missing");
            var predicate = statement["predicate"] as JsonObject ?? throw new FormatException("predicate is missing");
            return new Opened { Signer = signer, SubjectDigest = digest, Predicate = predicate };
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return Opened.Fail($"payload: {ex.Message}", ApprovalRefusal.Envelope);
        }
    }

    /// <summary>A string member of the predicate.</summary>
    /// <exception cref="FormatException">It is missing or null.</exception>
    /// <exception cref="InvalidOperationException">It is not a string.</exception>
    public static string Required(JsonObject predicate, string name) =>
        predicate[name]?.GetValue<string>() ?? throw new FormatException($"predicate.{name} is missing");

    /// <summary>An opened statement, or why it was refused.</summary>
    internal sealed record Opened
    {
        public string? Failure { get; init; }

        public string Rule { get; init; } = ApprovalRefusal.Envelope;

        public TrustedApprover? Signer { get; init; }

        /// <summary>The subject's <c>digest.sha256</c> as written, not yet parsed.</summary>
        public string SubjectDigest { get; init; } = string.Empty;

        public JsonObject? Predicate { get; init; }

        public static Opened Fail(string failure, string rule) => new() { Failure = failure, Rule = rule };
    }
}
