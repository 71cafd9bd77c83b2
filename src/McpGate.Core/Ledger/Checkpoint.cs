namespace McpGate.Core.Ledger;

/// <summary>
/// A checkpoint of the ledger's Merkle tree: a C2SP tlog-checkpoint, that is a signed note whose
/// text is the origin, the tree size and the base64 root hash, one per line (see <see cref="CheckpointNote"/>).
/// A parsed checkpoint is not yet trusted: <see cref="CheckpointNote.Verify"/> checks its signature.
/// </summary>
public sealed record Checkpoint
{
    /// <summary>The log's identity, <c>mcpgate/&lt;16 hex digits of the gate key id&gt;</c>.</summary>
    public required string Origin { get; init; }

    /// <summary>How many entries the tree holds: entries 1 to <see cref="TreeSize"/>.</summary>
    public required long TreeSize { get; init; }

    /// <summary>The RFC 6962 root hash of those entries' leaves, 32 bytes.</summary>
    public required IReadOnlyList<byte> RootHash { get; init; }

    /// <summary>The whole signed note, text, blank line and signature lines, exactly as signed.</summary>
    public required string Note { get; init; }

    /// <summary>The root hash as the note's third line writes it.</summary>
    public string RootBase64 => Convert.ToBase64String([.. RootHash]);
}
