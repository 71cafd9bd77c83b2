using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Json;
using McpGate.Core.Proofs;

namespace McpGate.Core.Approvals;

/// <summary>
/// Builds the approver's statement (subject: the proof digest) and signs it with the
/// approver's own key. Runs in the operator's CLI, never in the server.
/// </summary>
public static class ApprovalSigner
{
    public static DsseEnvelope Sign(ApprovalRequest request, Ed25519PrivateKey approverKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(approverKey);
        var digest = Sha256Digest.Parse(request.ProofDigest);
        var statement = new JsonObject
        {
            ["_type"] = ProofFormat.StatementType,
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = $"mcpgate-proof:{request.ChangeId}",
                ["digest"] = new JsonObject { ["sha256"] = digest.Hex },
            }),
            ["predicateType"] = ProofFormat.ApprovalPredicateType,
            ["predicate"] = new JsonObject
            {
                ["changeId"] = request.ChangeId,
                ["decision"] = request.Decision,
                ["approver"] = request.Approver,
                ["comment"] = request.Comment,
                ["signedAt"] = request.SignedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            },
        };
        return DsseSigner.Sign(ProofFormat.PayloadType, CanonicalJson.Serialize(statement), approverKey);
    }
}
