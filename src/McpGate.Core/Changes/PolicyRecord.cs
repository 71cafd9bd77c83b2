using McpGate.Core.Policy;

namespace McpGate.Core.Changes;

/// <summary>The policy decision as stored with a change and signed into its proof.</summary>
public sealed record PolicyRecord
{
    public required bool Allowed { get; init; }

    public required string Rule { get; init; }

    /// <summary>Which branch of the policy decided (<c>decisionReason</c>, snake_case); null in changes recorded before it was.</summary>
    public DecisionReason? DecisionReason { get; init; }

    public required string Reason { get; init; }

    public int RequiredApprovals { get; init; }

    public IReadOnlyList<string> ApproverGroups { get; init; } = [];
}
