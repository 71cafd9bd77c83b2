namespace McpGate.Core.Ledger;

/// <summary>The claim condition of one transition: who asks, what it does with the claim, and the lease it gets.</summary>
public sealed record ClaimCheck
{
    public required ExecutorInstance Owner { get; init; }

    public required ClaimMode Mode { get; init; }

    /// <summary>How long the lease runs from the transaction's time (Take and Hold).</summary>
    public required TimeSpan Lease { get; init; }
}
