namespace McpGate.Core.Ledger;

/// <summary>A checkpoint to check against the ledger, and where it came from for messages (e.g. <c>checkpoints.log note 3</c>).</summary>
public sealed record LabelledCheckpoint(string Label, Checkpoint Checkpoint);
