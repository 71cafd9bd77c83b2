using System.Security.Cryptography;
using McpGate.Core.Crypto.Native;

namespace McpGate.Core.Crypto;

/// <summary>
/// A validated Ed25519 public key: 32 bytes, canonical, on the curve and not of small order.
/// Printed as <c>ed25519:&lt;base64&gt;</c>, the form used in policy files.
/// </summary>
public sealed class Ed25519PublicKey : IEquatable<Ed25519PublicKey>
{
    private const string Prefix = "ed25519:";

    private readonly byte[] _raw;

    private Ed25519PublicKey(byte[] raw)
    {
        _raw = raw;
        KeyId = Sha256Digest.Compute(raw).Hex;
    }

    /// <summary>Lower-case hex SHA-256 of the raw 32-byte key.</summary>
    public string KeyId { get; }

    public static Ed25519PublicKey FromBytes(ReadOnlySpan<byte> raw)
    {
        var problem = Ed25519PointCheck.FindProblem(raw);
        if (problem is not null)
        {
            throw new KeyFormatException($"invalid Ed25519 public key: {problem}");
        }

        return new Ed25519PublicKey(raw.ToArray());
    }

    /// <summary>Reads an RFC 8410 SubjectPublicKeyInfo "PUBLIC KEY" PEM.</summary>
    public static Ed25519PublicKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return FromBytes(Ed25519KeyEncoding.PublicKeyFromPem(pem));
    }

    /// <summary>Accepts <c>ed25519:&lt;base64 of the raw 32 bytes&gt;</c> or a "PUBLIC KEY" PEM.</summary>
    public static Ed25519PublicKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var encoded = trimmed[Prefix.Length..];
            Span<byte> raw = stackalloc byte[33];
            if (!Convert.TryFromBase64String(encoded, raw, out var written))
            {
                throw new KeyFormatException("invalid Ed25519 public key: expected 'ed25519:' followed by the base64 of 32 bytes");
            }

            return FromBytes(raw[..written]);
        }

        if (trimmed.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return FromPem(trimmed);
        }

        throw new KeyFormatException("invalid Ed25519 public key: expected 'ed25519:<base64>' or a '-----BEGIN PUBLIC KEY-----' PEM");
    }

    public byte[] ToBytes() => (byte[])_raw.Clone();

    public string ToPem() => Ed25519KeyEncoding.PublicKeyToPem(_raw);

    public override string ToString() => Prefix + Convert.ToBase64String(_raw);

    /// <summary>True only for a valid 64-byte signature of <paramref name="message"/>; never throws.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Ed25519Native.SignatureSize)
        {
            return false;
        }

        try
        {
            return Ed25519Native.Verify(_raw, message, signature);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public bool Equals(Ed25519PublicKey? other) =>
        other is not null && _raw.AsSpan().SequenceEqual(other._raw);

    public override bool Equals(object? obj) => Equals(obj as Ed25519PublicKey);

    public override int GetHashCode() => BitConverter.ToInt32(_raw, 0);
}
