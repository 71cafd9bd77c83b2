using McpGate.Core.Changes;

namespace McpGate.Core.Approvals;

/// <summary>What an approver's submission did: the change as it now stands and the tally.</summary>
public sealed record ApprovalOutcome
{
    public required ChangeDocument Change { get; init; }

    public required TrustedApprover Approver { get; init; }

    public required ApprovalTally Tally { get; init; }

    /// <summary>The decision recorded: <see cref="ApprovalDecision.Approve"/> or <see cref="ApprovalDecision.Reject"/>.</summary>
    public string Decision { get; init; } = ApprovalDecision.Approve;

    /// <summary>The rules the decision was counted by; null from callers that build an outcome themselves.</summary>
    public ApprovalRules? Rules { get; init; }
}
