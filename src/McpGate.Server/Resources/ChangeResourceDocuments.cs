using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Dsse;
using McpGate.Server.Hosting;
using McpGate.Server.Tools;

namespace McpGate.Server.Resources;

/// <summary>
/// The JSON documents a change's resources hold. Text that came from agents, approvers or the
/// cluster (reasons, comments, outcomes) is carried as JSON strings, escaped like every tool
/// result, never as markup or a second document.
/// </summary>
internal static class ChangeResourceDocuments
{
    /// <summary><c>mcpgate://changes/{id}</c>: exactly what <c>get_change</c> answers.</summary>
    public static JsonObject Change(ChangeDocument change, GateContext gate, IReadOnlyList<Core.Comments.ChangeComment> comments) => ChangeView.Of(change, gate, comments);

    /// <summary>
    /// <c>mcpgate://changes/{id}/proof</c>: the DSSE envelope as recorded, and its in-toto statement,
    /// decoded only once the envelope's signature verifies under the gate's public key.
    /// </summary>
    public static JsonObject? Proof(ChangeDocument change, GateContext gate)
    {
        if (change.ProofEnvelope is null)
        {
            return null;
        }

        var document = new JsonObject
        {
            ["changeId"] = change.Id,
            ["status"] = change.State.ToWire(),
            ["proofDigest"] = change.ProofDigest,
            ["gateKeyId"] = gate.Engine.GatePublicKey.KeyId,
        };
        try
        {
            var envelope = DsseEnvelope.Parse(change.ProofEnvelope);
            document["envelope"] = JsonNode.Parse(envelope.ToJson());
            var verification = DsseVerifier.Verify(envelope, [gate.Engine.GatePublicKey]);
            document["signatureVerified"] = verification.Succeeded;
            if (verification.Succeeded)
            {
                document["payloadType"] = envelope.PayloadType;
                document["statement"] = JsonNode.Parse(Encoding.UTF8.GetString(envelope.Payload));
            }
            else
            {
                document["problem"] = $"the envelope's signature does not verify under the gate's key: {verification.Failure}. Its statement is not shown; tell the operator (mcpgate ledger verify).";
            }
        }
        catch (Exception ex) when (ex is DsseFormatException or JsonException)
        {
            document["signatureVerified"] = false;
            document["problem"] = $"the recorded proof cannot be read ({ex.Message}); tell the operator (mcpgate ledger verify).";
        }

        return document;
    }

    /// <summary><c>mcpgate://changes/{id}/approvals</c>: what the policy requires and every decision the engine counted.</summary>
    public static JsonObject Approvals(ChangeDocument change) => new()
    {
        ["changeId"] = change.Id,
        ["status"] = change.State.ToWire(),
        ["proofDigest"] = change.ProofDigest,
        ["requiredApprovals"] = change.Policy?.RequiredApprovals,
        ["rule"] = change.Policy?.Rule,
        ["approvals"] = new JsonArray([.. change.Approvals.Select(Record)]),
        ["cancelledBy"] = change.Cancellation is { } cancellation ? Record(cancellation) : null,
        ["expiresAt"] = change.ExpiresAt?.ToString("O"),
    };

    private static JsonObject Record(ApprovalRecord record) => new()
    {
        ["identity"] = record.Identity,
        ["keyId"] = record.KeyId,
        ["decision"] = record.Decision,
        ["at"] = record.At.ToString("O"),
        ["comment"] = record.Comment,
    };
}
