namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>
    /// Called on the writing thread before each entry's write transaction begins and after it
    /// commits, outside any transaction and holding no connection. Null unless the server host sets
    /// it for its test crash point (<c>MCPGATE_TEST_CRASH_POINT</c>, docs/ledger.md); nothing an
    /// MCP client sends can set it.
    /// </summary>
    public Action<LedgerWriteStep>? WriteObserver { get; set; }

    private void Observe(string changeId, string eventType, bool committed) =>
        WriteObserver?.Invoke(new LedgerWriteStep(changeId, eventType, committed));
}
