namespace McpGate.Core.Ledger;

/// <summary>One change as the ledger holds it: its entries, oldest first, and its row in the changes table.</summary>
public sealed record ChangeHistory
{
    public required string ChangeId { get; init; }

    /// <summary>At least one entry.</summary>
    public required IReadOnlyList<LedgerEntry> Entries { get; init; }

    /// <summary>The row's state column as stored (any text), or null when the change has no row.</summary>
    public string? RowState { get; init; }

    /// <summary>The row's document as stored, or null when the change has no row.</summary>
    public string? RowDocument { get; init; }
}
