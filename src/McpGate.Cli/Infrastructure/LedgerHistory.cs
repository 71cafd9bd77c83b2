using McpGate.Core.Approvals;
using McpGate.Core.Audit;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Core.Storage;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// <c>ledger verify</c>'s second half: every change replayed from its entries with the gate's
/// public key and the policy's approvers (for approvals recorded before their keys were kept).
/// </summary>
internal static class LedgerHistory
{
    public static async Task<HistoryVerification> VerifyAsync(ChangeLedger ledger, DataDirectory directory, string? policiesOption, CancellationToken cancellationToken)
    {
        var gateKey = GateKeyStore.TryLoadPublicKey(directory);
        if (gateKey is null)
        {
            var changes = 0L;
            await foreach (var _ in ledger.ReadHistoriesAsync(cancellationToken))
            {
                changes++;
            }

            return changes == 0
                ? new HistoryVerification { Succeeded = true, ChangesChecked = 0 }
                : new HistoryVerification { Succeeded = false, ChangesChecked = 0, Failure = $"no gate public key at {directory.GatePublicKeyPath}: the proofs behind {changes} change(s) cannot be checked" };
        }

        return await new ChangeHistoryVerifier(gateKey, Approvers(directory, policiesOption, clusterId: null)).VerifyAsync(ledger, cancellationToken);
    }

    /// <summary>
    /// For <c>approvals show</c>: whether this change's row says what its entries say; null when it
    /// does, or when it cannot be told (no gate key, a policy that does not load: show says so elsewhere).
    /// </summary>
    public static async Task<string?> DisagreementAsync(ChangeLedger ledger, DataDirectory directory, StoredChange row, string? clusterId, CancellationToken cancellationToken)
    {
        if (GateKeyStore.TryLoadPublicKey(directory) is not { } gateKey)
        {
            return null;
        }

        IReadOnlyList<TrustedApprover> approvers;
        try
        {
            approvers = Approvers(directory, policiesOption: null, clusterId);
        }
        catch (CliInputException)
        {
            return null;
        }

        var history = new ChangeHistory
        {
            ChangeId = row.ChangeId,
            Entries = await ledger.ReadEntriesAsync(0, row.ChangeId, cancellationToken),
            RowState = row.State.ToWire(),
            RowDocument = row.DocumentJson,
        };
        return new ChangeHistoryVerifier(gateKey, approvers).Disagreement(history);
    }

    public static IReadOnlyList<TrustedApprover> Approvers(DataDirectory directory, string? policiesOption, string? clusterId)
    {
        var (policyPath, policySource) = CliPaths.PoliciesForDecision(policiesOption, directory, clusterId);
        try
        {
            return TrustedApprovers.FromPolicy(PolicySet.LoadDirectory(policyPath));
        }
        catch (PolicyValidationException ex)
        {
            throw new CliInputException($"{ex.Message} (policy read from {policyPath}, {policySource})", ex);
        }
    }
}
