namespace McpGate.Core.Changes;

/// <summary>One check run while proving a change, with the digest of what it looked at.</summary>
public sealed record CheckRecord
{
    public required string Name { get; init; }

    /// <summary><c>pass</c> or <c>fail</c>.</summary>
    public required string Status { get; init; }

    public required string Detail { get; init; }

    public string? EvidenceDigest { get; init; }

    public bool Passed => Status == CheckStatus.Pass;
}
