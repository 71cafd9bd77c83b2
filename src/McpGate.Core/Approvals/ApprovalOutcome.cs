using McpGate.Core.Changes;

namespace McpGate.Core.Approvals;

/// <summary>What an approver's submission did: the change as it now stands and the tally.</summary>
public sealed record ApprovalOutcome
{
    public required ChangeDocument Change { get; init; }

    public required TrustedApprover Approver { get; init; }

    public required ApprovalTally Tally { get; init; }
}
