namespace McpGate.Core.Ledger;

/// <summary>Which executor holds a change (executing, executed or verifying) and until when its lease runs.</summary>
public sealed record ExecutorClaim
{
    public required string ChangeId { get; init; }

    public required ExecutorInstance Owner { get; init; }

    /// <summary>UTC, whole milliseconds. After it, another executor may take the change over.</summary>
    public required DateTimeOffset LeaseExpires { get; init; }
}
