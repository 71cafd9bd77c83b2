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
        var (change, digest, identity) = await SigningContextAsync(api, changeId, key, keyOption,
            "cancel with your own approver key", "it will not execute, and there is no proof to sign a cancel over", cancellationToken);
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
