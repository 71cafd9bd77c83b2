namespace McpGate.Core.Approvals;

/// <summary>The outcome of checking one approval envelope against a change's proof.</summary>
public sealed record ApprovalVerification
{
    public required bool Succeeded { get; init; }

    public string? Failure { get; init; }

    public TrustedApprover? Approver { get; init; }

    public ApprovalRequest? Request { get; init; }

    public static ApprovalVerification Fail(string failure) => new() { Succeeded = false, Failure = failure };
}
