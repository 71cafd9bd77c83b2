using McpGate.Core.Approvals;
using McpGate.Core.Changes;

namespace McpGate.Core.Comments;

/// <summary>What recording a comment did: the change (its state unchanged), who commented, when, and how many comments it now has.</summary>
public sealed record CommentOutcome
{
    public required ChangeDocument Change { get; init; }

    public required TrustedApprover Approver { get; init; }

    /// <summary>The time of the <c>commented</c> entry.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The change's comments, this one included.</summary>
    public required int Count { get; init; }
}
