using System.Buffers;
using System.Security.Cryptography;

namespace McpGate.Core.Crypto;

/// <summary>A SHA-256 digest, held as lower-case hex; printed as <c>sha256:&lt;hex&gt;</c>.</summary>
public readonly record struct Sha256Digest
{
    private const string Prefix = "sha256:";

    private Sha256Digest(string hex) => Hex = hex;

    /// <summary>64 lower-case hex characters.</summary>
    public string Hex { get; }

    public static Sha256Digest Compute(ReadOnlySpan<byte> data) =>
        new(Convert.ToHexStringLower(SHA256.HashData(data)));

    public static Sha256Digest FromBytes(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != SHA256.HashSizeInBytes)
        {
            throw new FormatException($"A SHA-256 digest is {SHA256.HashSizeInBytes} bytes; got {digest.Length}.");
        }

        return new(Convert.ToHexStringLower(digest));
    }

    /// <summary>Accepts <c>sha256:&lt;64 hex&gt;</c> or bare 64 hex characters, any case.</summary>
    public static Sha256Digest Parse(string text)
    {
        if (TryParse(text, out var digest))
        {
            return digest;
        }

        throw new FormatException($"'{text}' is not a SHA-256 digest: expected 'sha256:' followed by 64 hex characters.");
    }

    public static bool TryParse(string? text, out Sha256Digest digest)
    {
        digest = default;
        if (text is null)
        {
            return false;
        }

        var hex = text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? text.AsSpan(Prefix.Length) : text.AsSpan();
        if (hex.Length != 64 || hex.ContainsAnyExcept(s_hexDigits))
        {
            return false;
        }

        // The ledger stores lower case: take the text as it is then, without copying it twice.
        digest = new(hex.ContainsAny(s_upperHexDigits) ? hex.ToString().ToLowerInvariant() : hex.ToString());
        return true;
    }

    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly SearchValues<char> s_upperHexDigits = SearchValues.Create("ABCDEF");

    public byte[] ToBytes() => Convert.FromHexString(Hex);

    public override string ToString() => Prefix + Hex;
}
