namespace McpGate.Core.Approvals;

/// <summary>Wire values of an approver's decision.</summary>
public static class ApprovalDecision
{
    public const string Approve = "approve";
    public const string Reject = "reject";

    /// <summary>Stops an approved or pending change before it executes; never counted as a vote (see <see cref="ChangeCanceller"/>).</summary>
    public const string Cancel = "cancel";

    /// <summary>The decisions that count toward a change's approval: a cancel envelope is refused there.</summary>
    public static readonly IReadOnlyList<string> Votes = [Approve, Reject];
}
