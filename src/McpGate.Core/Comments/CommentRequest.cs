namespace McpGate.Core.Comments;

/// <summary>What an approver signs to comment on a change: their words about one exact proof, deciding nothing.</summary>
public sealed record CommentRequest
{
    public required string ChangeId { get; init; }

    /// <summary>The digest of the proof's statement, <c>sha256:&lt;hex&gt;</c>.</summary>
    public required string ProofDigest { get; init; }

    public required string Approver { get; init; }

    public required string Text { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
