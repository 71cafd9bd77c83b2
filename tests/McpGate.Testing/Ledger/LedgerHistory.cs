using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;

namespace McpGate.Testing.Ledger;

/// <summary>Writes histories of changes through the ledger's API, as the engine would, for checkpoint and tamper tests.</summary>
public static class LedgerHistory
{
    /// <summary>
    /// Appends <paramref name="count"/> changes, each proposed, proven, pending approval and then
    /// rejected (final): four entries per change. Ids are <c>chg-{prefix}{i}</c>.
    /// </summary>
    public static async Task WriteRejectedChangesAsync(ChangeLedger ledger, int count, string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        for (var i = 1; i <= count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"chg-{prefix}{i}");
            await WritePendingChangeAsync(ledger, id, cancellationToken).ConfigureAwait(false);
            await Move(ledger, id, ChangeState.PendingApproval, ChangeState.Rejected, new JsonObject { ["by"] = "bob" }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends one change left pending approval: three entries, none of them a final state.</summary>
    public static async Task WritePendingChangeAsync(ChangeLedger ledger, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await ledger.CreateChangeAsync(changeId, ChangeState.Proposed, "{}", "proposed", new JsonObject { ["tool"] = "scale_deployment", ["requester"] = "agent" }, cancellationToken).ConfigureAwait(false);
        await Move(ledger, changeId, ChangeState.Proposed, ChangeState.Proven, new JsonObject(), cancellationToken).ConfigureAwait(false);
        await Move(ledger, changeId, ChangeState.Proven, ChangeState.PendingApproval, new JsonObject(), cancellationToken).ConfigureAwait(false);
    }

    private static Task<LedgerEntry> Move(ChangeLedger ledger, string id, ChangeState from, ChangeState to, JsonObject payload, CancellationToken cancellationToken)
    {
        payload["from"] = from.ToWire();
        payload["to"] = to.ToWire();
        return ledger.TransitionAsync(id, from, to, "{}", to.ToWire(), payload, cancellationToken);
    }
}
