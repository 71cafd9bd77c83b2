namespace McpGate.Core.Reads;

/// <summary>A read that cannot be answered as asked; the message tells the agent what exists or what to change.</summary>
public sealed class ReadException : Exception
{
    public ReadException()
    {
    }

    public ReadException(string message)
        : base(message)
    {
    }

    public ReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
