using System.Security.Cryptography;

namespace McpGate.Sandbox.Objects;

/// <summary>Random identifiers: object uids and generated name suffixes.</summary>
internal static class Identifiers
{
    // The alphabet Kubernetes uses for generated names: no vowels, no look-alikes.
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>A random RFC 4122 version 4 uid.</summary>
    public static string NewUid()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    public static string RandomSuffix(int length = 5) =>
        RandomNumberGenerator.GetString(NameAlphabet, length);

    /// <summary>A stable short string for a hash value, in the generated-name alphabet.</summary>
    public static string SafeEncode(ReadOnlySpan<byte> hash, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = NameAlphabet[hash[i % hash.Length] % NameAlphabet.Length];
        }

        return new string(chars);
    }
}
