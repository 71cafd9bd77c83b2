using McpGate.Core.Changes;
using McpGate.Core.Ledger;

namespace McpGate.Cli.Infrastructure;

/// <summary>Waits briefly for the gate (another process) to take up a decision an operator recorded.</summary>
internal static class GateProgress
{
    /// <summary>The change once it left pending_approval, or null if it is still pending after <paramref name="wait"/>.</summary>
    public static async Task<ChangeDocument?> WaitWhilePendingAsync(ChangeLedger ledger, string changeId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + wait;
        while (true)
        {
            var stored = await ledger.GetChangeAsync(changeId, cancellationToken);
            if (stored is not null && stored.State != ChangeState.PendingApproval)
            {
                return ChangeJson.Deserialize(stored.DocumentJson);
            }

            if (TimeProvider.System.GetUtcNow() >= deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
