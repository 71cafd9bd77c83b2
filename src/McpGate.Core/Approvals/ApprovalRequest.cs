namespace McpGate.Core.Approvals;

/// <summary>What an approver signs: a decision on one exact proof.</summary>
public sealed record ApprovalRequest
{
    public required string ChangeId { get; init; }

    /// <summary>The digest of the proof's statement, <c>sha256:&lt;hex&gt;</c>.</summary>
    public required string ProofDigest { get; init; }

    public required string Decision { get; init; }

    public required string Approver { get; init; }

    public string? Comment { get; init; }

    public required DateTimeOffset SignedAt { get; init; }
}
