namespace McpGate.Core.Approvals;

/// <summary>The outcome of checking one approval envelope against a change's proof.</summary>
public sealed record ApprovalVerification
{
    public required bool Succeeded { get; init; }

    public string? Failure { get; init; }

    public TrustedApprover? Approver { get; init; }

    public ApprovalRequest? Request { get; init; }

    /// <summary>Which rule failed (<see cref="ApprovalRefusal"/>): the envelope, its signature, its identity, or the change and proof it names.</summary>
    public string? Rule { get; init; }

    public static ApprovalVerification Fail(string failure, string rule = ApprovalRefusal.Signature) => new() { Succeeded = false, Failure = failure, Rule = rule };
}
