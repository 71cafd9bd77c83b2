namespace McpGate.Core.Policy;

/// <summary>How many distinct approvers must sign, and from which groups (any approver when empty).</summary>
public sealed record ApprovalRequirement
{
    public required int Count { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];
}
