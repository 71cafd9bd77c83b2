namespace McpGate.Core.Storage;

/// <summary><c>gate-key.pub.pem</c> is not the public half of <c>gate-key.pem</c>; the message names both files.</summary>
public sealed class GateKeyMismatchException : IOException
{
    public GateKeyMismatchException()
    {
    }

    public GateKeyMismatchException(string message)
        : base(message)
    {
    }

    public GateKeyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
