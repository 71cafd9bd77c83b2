namespace McpGate.Core.Approvals;

/// <summary>Wire values of an approver's decision.</summary>
public static class ApprovalDecision
{
    public const string Approve = "approve";
    public const string Reject = "reject";
}
