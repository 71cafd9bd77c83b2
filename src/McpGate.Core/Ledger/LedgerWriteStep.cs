namespace McpGate.Core.Ledger;

/// <summary>
/// One point in the write of a ledger entry, as <see cref="ChangeLedger.WriteObserver"/> sees it:
/// just before its transaction begins (<see cref="Committed"/> false) or just after it committed.
/// </summary>
public readonly record struct LedgerWriteStep(string ChangeId, string EventType, bool Committed);
