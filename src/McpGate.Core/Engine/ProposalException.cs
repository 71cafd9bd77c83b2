namespace McpGate.Core.Engine;

/// <summary>
/// A write could not even be proposed (target missing, dry run refused, bad arguments). Nothing
/// was recorded or changed; the message says what to do next and is safe to show the agent.
/// </summary>
public sealed class ProposalException : Exception
{
    public ProposalException()
    {
    }

    public ProposalException(string message)
        : base(message)
    {
    }

    public ProposalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
