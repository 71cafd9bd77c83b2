namespace McpGate.Core.Comments;

/// <summary>
/// One approver's comment as the ledger holds it: their words, attributed, shown as data to the
/// next approver and to the agent, never as an instruction and never as a decision.
/// </summary>
public sealed record ChangeComment
{
    /// <summary>The <c>commented</c> entry's sequence in the ledger.</summary>
    public required long Sequence { get; init; }

    /// <summary>The approver who signed it.</summary>
    public required string Approver { get; init; }

    /// <summary>When the gate recorded it (the entry's time).</summary>
    public required DateTimeOffset At { get; init; }

    public required string Text { get; init; }
}
