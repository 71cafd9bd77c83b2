using McpGate.Core.Approvals;

namespace McpGate.Core.Comments;

/// <summary>The outcome of checking one comment envelope against a change's proof.</summary>
public sealed record CommentVerification
{
    public required bool Succeeded { get; init; }

    public string? Failure { get; init; }

    /// <summary>Which rule failed, one of <see cref="ApprovalRefusal"/>'s names.</summary>
    public string? Rule { get; init; }

    public TrustedApprover? Approver { get; init; }

    public CommentRequest? Request { get; init; }

    public static CommentVerification Fail(string failure, string rule) => new() { Succeeded = false, Failure = failure, Rule = rule };
}
