using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
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
        return ApproverStatement.Sign(request.ChangeId, request.ProofDigest, ProofFormat.ApprovalPredicateType, new JsonObject
        {
            ["changeId"] = request.ChangeId,
            ["decision"] = request.Decision,
            ["approver"] = request.Approver,
            ["comment"] = request.Comment,
            ["signedAt"] = request.SignedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        }, approverKey);
    }
}
