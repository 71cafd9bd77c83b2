using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Json;
using McpGate.Core.Proofs;

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
        var digest = Sha256Digest.Parse(request.ProofDigest);
        var statement = new JsonObject
        {
            ["_type"] = ProofFormat.StatementType,
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = $"mcpgate-proof:{request.ChangeId}",
                ["digest"] = new JsonObject { ["sha256"] = digest.Hex },
            }),
            ["predicateType"] = CommentFormat.PredicateType,
            ["predicate"] = new JsonObject
            {
                ["changeId"] = request.ChangeId,
                ["approver"] = request.Approver,
                ["text"] = request.Text,
                ["createdAt"] = request.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            },
        };
        return DsseSigner.Sign(ProofFormat.PayloadType, CanonicalJson.Serialize(statement), approverKey);
    }
}
