namespace McpGate.Core.Ledger;

/// <summary>
/// A row of the changes table holds what no version of the gate writes (a state that is not a
/// <see cref="Changes.ChangeState"/>): the database was edited or damaged outside the gate.
/// <c>mcpgate ledger verify</c> reports the same row.
/// </summary>
public sealed class LedgerCorruptException : Exception
{
    public LedgerCorruptException(string changeId, string problem)
        : base($"the ledger is damaged: change '{changeId}' {problem}; run 'mcpgate ledger verify' and restore the ledger from a backup")
    {
        ChangeId = changeId;
    }

    public string ChangeId { get; }
}
