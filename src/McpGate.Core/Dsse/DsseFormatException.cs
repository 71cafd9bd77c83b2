namespace McpGate.Core.Dsse;

/// <summary>A DSSE envelope is malformed; the message names the field and the rule it breaks.</summary>
public sealed class DsseFormatException : Exception
{
    public DsseFormatException()
        : base("The DSSE envelope is malformed.")
    {
    }

    public DsseFormatException(string message)
        : base(message)
    {
    }

    public DsseFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
