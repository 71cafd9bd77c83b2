namespace McpGate.Core.Audit;

/// <summary>The outcome of <see cref="ChangeHistoryVerifier.VerifyAsync"/>.</summary>
public sealed record HistoryVerification
{
    public required bool Succeeded { get; init; }

    /// <summary>How many changes were rebuilt from their entries and found to agree (all of them when it succeeded).</summary>
    public required long ChangesChecked { get; init; }

    /// <summary>The change that disagrees; null on success.</summary>
    public string? ChangeId { get; init; }

    /// <summary>The entry that disagrees, when one does (a row that disagrees with its entries has none).</summary>
    public long? Sequence { get; init; }

    /// <summary>What disagrees, e.g. <c>change chg-x: the changes row says rejected, but its entries end in verified (entry 41)</c>.</summary>
    public string? Failure { get; init; }
}
