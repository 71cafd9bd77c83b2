namespace McpGate.Core.Crypto;

/// <summary>
/// A key (raw bytes, PEM text or key file) is not a usable Ed25519 key. Messages say what is
/// wrong and never contain key material.
/// </summary>
public sealed class KeyFormatException : Exception
{
    public KeyFormatException()
        : base("The key is not a valid Ed25519 key.")
    {
    }

    public KeyFormatException(string message)
        : base(message)
    {
    }

    public KeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
