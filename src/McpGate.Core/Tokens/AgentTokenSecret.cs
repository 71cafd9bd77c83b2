using System.Security.Cryptography;
using System.Text;

namespace McpGate.Core.Tokens;

/// <summary>New bearer tokens and their hashes. A token is 32 random bytes, base64url, after a <c>mcpg_</c> prefix.</summary>
public static class AgentTokenSecret
{
    public const string Prefix = "mcpg_";

    /// <summary>How many hex characters of the hash name a token in logs, on the CLI and in revocations.</summary>
    public const int PrefixLength = 12;

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes, as written in <c>tokens.yaml</c>.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Whether <paramref name="text"/> is 64 lower-case hex characters.</summary>
    public static bool IsHashShape(string? text) =>
        text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
