using System.Text.Json.Nodes;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Approvals;
using McpGate.Core.Crypto;
using McpGate.Core.Proofs;

namespace McpGate.Cli.Commands;

internal static partial class ApprovalsCommand
{
    /// <summary>
    /// Fetches the change, checks its proof against the gate key it is served with and that the
    /// digest to sign is that proof's, finds this key's approver identity among the policy's
    /// approvers, signs the cancel here and posts only the envelope.
    /// </summary>
    private static async Task<int> CancelRemoteAsync(ApprovalsApiClient api, string changeId, Ed25519PrivateKey key, string keyOption, string reason, CancellationToken cancellationToken)
    {
        var change = await api.ShowAsync(changeId, cancellationToken);
        Ed25519PublicKey gateKey;
        try
        {
            gateKey = Ed25519PublicKey.Parse(Text(change, "gatePublicKey"));
        }
        catch (KeyFormatException ex)
        {
            throw new CliInputException($"the approval API at {api.BaseUrl} served change {changeId} without a usable gate public key ({ex.Message})", ex);
        }

        if (key.PublicKey.Equals(gateKey))
        {
            throw new CliInputException($"--key {keyOption} is the gate's own key: cancel with your own approver key ('mcpgate keys generate --identity NAME --out FILE', then add the line it prints to the policy)");
        }

        var envelope = change["proofEnvelope"]?.GetValue<string>();
        var proof = envelope is null ? null : ProofVerifier.Verify(envelope, gateKey, requireSignature: true);
        var digest = Text(change, "proofDigest");
        if (proof is not { Succeeded: true } || proof.Digest?.ToString() != digest)
        {
            throw new CliInputException($"change {changeId}: its proof does not verify with the gate key it is served with ({proof?.Failure ?? "no proof envelope, or its digest is not " + digest}); it will not execute, and there is no proof to sign a cancel over");
        }

        var approver = (change["approvers"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(a => a["publicKey"]?.GetValue<string>() == key.PublicKey.ToString())
            ?? throw new CliInputException($"--key {keyOption}: this key ({key.PublicKey}) is not an approver in the policy of the gate at {api.BaseUrl}; add it to a policy file's approvers, e.g. - {{ identity: NAME, groups: [sre], publicKey: '{key.PublicKey}' }}");
        var identity = Text(approver, "identity");
        var signed = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = changeId,
            ProofDigest = digest,
            Decision = ApprovalDecision.Cancel,
            Approver = identity,
            Comment = reason,
            SignedAt = TimeProvider.System.GetUtcNow(),
        }, key).ToJson();
        var outcome = await api.CancelAsync(changeId, signed, cancellationToken);
        Terminal.Out.Line($"Cancelled {changeId} ({Text(change, "summary")}) as {Text(outcome, "approver")} through {api.BaseUrl.AbsoluteUri}: it will never execute, and nothing was changed. The agent sees it as cancelled.");
        return ExitCodes.Success;
    }
}
