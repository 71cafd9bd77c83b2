namespace McpGate.Core.Tests.Crypto;

/// <summary>One RFC 8032 section 7.1 test vector.</summary>
internal sealed record Rfc8032Vector(string Name, string Secret, string PublicKey, string Message, string Signature)
{
    public byte[] SecretBytes => Convert.FromHexString(Secret);

    public byte[] PublicKeyBytes => Convert.FromHexString(PublicKey);

    public byte[] MessageBytes => Convert.FromHexString(Message);

    public byte[] SignatureBytes => Convert.FromHexString(Signature);
}
