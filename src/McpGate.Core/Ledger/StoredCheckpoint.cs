namespace McpGate.Core.Ledger;

/// <summary>A row of the <c>checkpoints</c> table: the signed checkpoint and when the gate signed it.</summary>
public sealed record StoredCheckpoint
{
    /// <summary>1 for the first checkpoint, then consecutive.</summary>
    public required long Id { get; init; }

    /// <summary>UTC, whole milliseconds; not part of the signed note.</summary>
    public required DateTimeOffset SignedAt { get; init; }

    public required Checkpoint Checkpoint { get; init; }
}
