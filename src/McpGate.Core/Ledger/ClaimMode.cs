namespace McpGate.Core.Ledger;

/// <summary>What a transition does with the change's executor claim, inside its transaction.</summary>
public enum ClaimMode
{
    /// <summary>Claims the change: allowed when it is unclaimed, already ours, or its owner is gone (lease expired or process dead); the payload records the claim and any owner taken over.</summary>
    Take,

    /// <summary>Requires that the caller holds the claim, and renews the lease.</summary>
    Hold,

    /// <summary>Requires that the caller holds the claim, and releases it (the change reaches a final state).</summary>
    Release,
}
