using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;

namespace McpGate.Core.Comments;

/// <summary>
/// Builds the comment statement (subject: the proof digest) and signs it with the approver's own
/// key, on the approver's side: the CLI, or a client of the approval API.
/// </summary>
public static class CommentSigner
{
    public static DsseEnvelope Sign(CommentRequest request, Ed25519PrivateKey approverKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(approverKey);
        return ApproverStatement.Sign(request.ChangeId, request.ProofDigest, CommentFormat.PredicateType, new JsonObject
        {
            ["changeId"] = request.ChangeId,
            ["approver"] = request.Approver,
            ["text"] = request.Text,
            ["createdAt"] = request.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        }, approverKey);
    }
}
