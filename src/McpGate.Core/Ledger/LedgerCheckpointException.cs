namespace McpGate.Core.Ledger;

/// <summary>
/// The ledger is not an extension of a checkpoint the gate signed (entries removed, changed or
/// the chain rewritten), or a stored checkpoint does not verify: no new checkpoint is signed over it.
/// </summary>
public sealed class LedgerCheckpointException : Exception
{
    public LedgerCheckpointException()
    {
    }

    public LedgerCheckpointException(string message)
        : base(message)
    {
    }

    public LedgerCheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
