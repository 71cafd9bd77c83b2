namespace McpGate.Core.Ledger;

/// <summary>The outcome of <see cref="ChangeLedger.VerifyCheckpointsAsync"/>.</summary>
public sealed record CheckpointVerification
{
    public required bool Succeeded { get; init; }

    /// <summary>How many distinct checkpoints were found good (all of them on success); a note both stored and in checkpoints.log counts once.</summary>
    public required int CheckpointsChecked { get; init; }

    /// <summary>How many entries the ledger holds now.</summary>
    public required long TreeSize { get; init; }

    /// <summary>The largest tree size a good checkpoint covers; 0 when none was checked.</summary>
    public long LargestCheckpointSize { get; init; }

    /// <summary>Names the checkpoint and what disagrees, e.g. <c>checkpoint file x note 1 (tree size 9): the ledger has 5 entries: entries 6 to 9 were removed</c>.</summary>
    public string? Failure { get; init; }
}
