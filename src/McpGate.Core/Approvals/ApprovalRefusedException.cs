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

    public ApprovalRefusedException(string rule, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Rule = rule;
    }

    /// <summary>Which rule refused it, one of <see cref="ApprovalRefusal"/>'s names, for clients that answer by kind (HTTP status).</summary>
    public string Rule { get; } = ApprovalRefusal.Refused;
}
