namespace McpGate.Core.Engine;

/// <summary>
/// A proposed write whose server-side dry run changes no field: the cluster already is as asked. Nothing
/// was recorded and no approval is needed; the message says what is already so, for the agent.
/// </summary>
public sealed class NothingToChangeException : Exception
{
    public NothingToChangeException()
    {
    }

    public NothingToChangeException(string message)
        : base(message)
    {
    }

    public NothingToChangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
