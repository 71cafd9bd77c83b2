using System.Buffers;
using System.Security.Cryptography;

namespace McpGate.Core.Changes;

/// <summary>Identifies a change request: <c>chg-</c> followed by 12 lower-case base32 characters.</summary>
public readonly record struct ChangeId
{
    private const string Prefix = "chg-";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int RandomLength = 12;

    private static readonly SearchValues<char> s_alphabet = SearchValues.Create(Alphabet);

    private ChangeId(string value) => Value = value;

    public string Value { get; }

    public static ChangeId New()
    {
        Span<byte> bytes = stackalloc byte[RandomLength];
        RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[RandomLength];
        for (var i = 0; i < RandomLength; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }

        return new(Prefix + new string(chars));
    }

    public static bool TryParse(string? text, out ChangeId id)
    {
        id = default;
        if (text is null || text.Length != Prefix.Length + RandomLength || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (text.AsSpan(Prefix.Length).IndexOfAnyExcept(s_alphabet) >= 0)
        {
            return false;
        }

        id = new(text);
        return true;
    }

    public static ChangeId Parse(string text) => TryParse(text, out var id)
        ? id
        : throw new FormatException($"'{text}' is not a change id: expected 'chg-' followed by 12 characters a-z or 2-7.");

    public override string ToString() => Value;
}
