namespace McpGate.Core.Changes;

/// <summary>One check run while proving a change, with the digest of what it looked at.</summary>
public sealed record CheckRecord
{
    public required string Name { get; init; }

    /// <summary><c>pass</c>, <c>warn</c> or <c>fail</c> (proofs signed before warn existed hold only pass and fail).</summary>
    public required CheckStatus Status { get; init; }

    public required string Detail { get; init; }

    public string? EvidenceDigest { get; init; }

    public bool Passed => Status == CheckStatus.Pass;

    public bool Warned => Status == CheckStatus.Warn;

    /// <summary>
    /// The check denies the change: <c>fail</c>, or any status this version does not know
    /// (fail closed). A warning never denies.
    /// </summary>
    public bool Failed => !Passed && !Warned;
}
