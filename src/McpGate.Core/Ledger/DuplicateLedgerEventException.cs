namespace McpGate.Core.Ledger;

/// <summary>An entry that must be unique per change already exists; nothing was written.</summary>
public sealed class DuplicateLedgerEventException : Exception
{
    public DuplicateLedgerEventException()
    {
    }

    public DuplicateLedgerEventException(string message)
        : base(message)
    {
    }

    public DuplicateLedgerEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DuplicateLedgerEventException(string changeId, string eventType, long existingSequence)
        : base($"change {changeId} already has this {eventType} entry (ledger entry {existingSequence}); nothing was written")
    {
        ChangeId = changeId;
        EventType = eventType;
        ExistingSequence = existingSequence;
    }

    public string? ChangeId { get; }

    public string? EventType { get; }

    public long ExistingSequence { get; }
}
