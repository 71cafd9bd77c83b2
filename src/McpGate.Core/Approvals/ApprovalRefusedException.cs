namespace McpGate.Core.Approvals;

/// <summary>An approval or rejection cannot be submitted; nothing was recorded. The message says why.</summary>
public sealed class ApprovalRefusedException : Exception
{
    public ApprovalRefusedException()
    {
    }

    public ApprovalRefusedException(string message)
        : base(message)
    {
    }

    public ApprovalRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
