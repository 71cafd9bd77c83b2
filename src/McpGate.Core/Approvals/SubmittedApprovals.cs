using System.Text.Json.Nodes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;

namespace McpGate.Core.Approvals;

/// <summary>The approval envelopes recorded for a change, oldest first, as the ledger holds them.</summary>
public static class SubmittedApprovals
{
    public static async Task<IReadOnlyList<string>> ReadAsync(ChangeLedger ledger, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var entries = await ledger.ReadEntriesAsync(0, changeId, cancellationToken).ConfigureAwait(false);
        return [.. entries
            .Where(e => e.EventType == LedgerEvents.ApprovalSubmitted)
            .Select(e => JsonNode.Parse(e.PayloadJson)?["envelope"]?.GetValue<string>())
            .OfType<string>()];
    }
}
