using System.Security.Cryptography;
using McpGate.Core.Crypto.Native;

namespace McpGate.Core.Crypto;

/// <summary>
/// An Ed25519 signing key (RFC 8032), held as its 32-byte seed in pinned memory that
/// <see cref="Dispose"/> zeroes. Signing runs in OpenSSL.
/// </summary>
public sealed class Ed25519PrivateKey : IDisposable
{
    private readonly byte[] _seed;
    private readonly EvpPKeyHandle _key;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="seed"/> (a pinned 32-byte array).</summary>
    private Ed25519PrivateKey(byte[] seed)
    {
        _seed = seed;
        EvpPKeyHandle? key = null;
        try
        {
            key = Ed25519Native.ImportPrivateKey(seed);
            PublicKey = Ed25519PublicKey.FromBytes(Ed25519Native.ExportPublicKey(key));
            _key = key;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(seed);
            key?.Dispose();
            throw;
        }
    }

    public Ed25519PublicKey PublicKey { get; }

    /// <summary>A new key from a seed drawn from <see cref="RandomNumberGenerator"/>.</summary>
    public static Ed25519PrivateKey Generate()
    {
        var seed = NewSeedBuffer();
        RandomNumberGenerator.Fill(seed);
        return new Ed25519PrivateKey(seed);
    }

    /// <summary>The key whose RFC 8032 secret is <paramref name="seed32"/>; the span is copied.</summary>
    public static Ed25519PrivateKey FromSeed(ReadOnlySpan<byte> seed32)
    {
        if (seed32.Length != Ed25519Native.SeedSize)
        {
            throw new KeyFormatException($"an Ed25519 private key seed is {Ed25519Native.SeedSize} bytes; got {seed32.Length}");
        }

        var seed = NewSeedBuffer();
        seed32.CopyTo(seed);
        return new Ed25519PrivateKey(seed);
    }

    /// <summary>Reads an RFC 8410 PKCS#8 "PRIVATE KEY" PEM (unencrypted).</summary>
    public static Ed25519PrivateKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var (seed, embeddedPublicKey) = Ed25519KeyEncoding.PrivateKeyFromPem(pem);
        var key = new Ed25519PrivateKey(seed);
        if (embeddedPublicKey is not null && !CryptographicOperations.FixedTimeEquals(embeddedPublicKey, key.PublicKey.ToBytes()))
        {
            key.Dispose();
            throw new KeyFormatException("inconsistent private key: the embedded public key does not match the private key");
        }

        return key;
    }

    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Ed25519Native.Sign(_key, message);
    }

    /// <summary>PKCS#8 "PRIVATE KEY" PEM; the string holds the secret, so handle it like the key.</summary>
    public string ToPem()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Ed25519KeyEncoding.PrivateKeyToPem(_seed);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_seed);
        _key.Dispose();
    }

    public override string ToString() => $"Ed25519PrivateKey({PublicKey})";

    private static byte[] NewSeedBuffer() => GC.AllocateArray<byte>(Ed25519Native.SeedSize, pinned: true);
}
