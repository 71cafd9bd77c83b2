namespace McpGate.Core.Engine;

/// <summary>Ledger event types that are not state names (every transition is logged under its new state's name).</summary>
public static class LedgerEvents
{
    /// <summary>An approver's signed decision, written by the CLI; payload: <c>{identity, decision, envelope}</c>.</summary>
    public const string ApprovalSubmitted = "approval_submitted";
}
