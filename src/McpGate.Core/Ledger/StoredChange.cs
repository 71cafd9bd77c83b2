using McpGate.Core.Changes;

namespace McpGate.Core.Ledger;

/// <summary>A change request's current row: its state and the engine's JSON snapshot of it.</summary>
public sealed record StoredChange
{
    public required string ChangeId { get; init; }

    /// <summary>The state column, read as a <see cref="Changes.ChangeState"/>; a row holding any other text is refused (<see cref="LedgerCorruptException"/>).</summary>
    public required ChangeState State { get; init; }

    /// <summary>The JSON document the engine stored with the last transition, unchanged.</summary>
    public required string DocumentJson { get; init; }

    /// <summary>UTC, whole milliseconds.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the state or document last changed (UTC, whole milliseconds); appended events do not move it.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
