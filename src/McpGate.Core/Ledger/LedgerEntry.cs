using McpGate.Core.Crypto;

namespace McpGate.Core.Ledger;

/// <summary>One entry of the hash-chained ledger. See <see cref="LedgerEntryHash"/> for how <see cref="EntryHash"/> is defined.</summary>
public sealed record LedgerEntry
{
    /// <summary>1 for the first entry, then consecutive.</summary>
    public required long Sequence { get; init; }

    public required string ChangeId { get; init; }

    public required string EventType { get; init; }

    /// <summary>The payload in RFC 8785 canonical JSON, exactly as stored and hashed.</summary>
    public required string PayloadJson { get; init; }

    /// <summary>UTC, whole milliseconds (the stored form has millisecond precision).</summary>
    public required DateTimeOffset Time { get; init; }

    public required Sha256Digest PreviousHash { get; init; }

    public required Sha256Digest EntryHash { get; init; }
}
