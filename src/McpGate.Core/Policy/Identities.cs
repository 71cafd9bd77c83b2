using System.Diagnostics.CodeAnalysis;

namespace McpGate.Core.Policy;

/// <summary>
/// The one rule for approver identities, group names and agent names. The policy loader,
/// <c>mcpgate keys generate</c>, <c>serve --agent</c>, approval records and every identity
/// comparison go through it, and compare the canonical form ordinally.
/// </summary>
/// <remarks>
/// The allowed set is deliberately narrow: ASCII letters, digits and <c>. _ @ -</c>. With
/// InvariantGlobalization on, <see cref="string.Normalize()"/> does not compose (NFD stays
/// NFD), so Unicode names could not be made canonical; ASCII has one spelling per name, no
/// control, format or invisible characters and no look-alikes. Case is folded, not refused:
/// <c>Alice</c> is <c>alice</c>. The input is checked before folding, because folding can
/// turn a non-ASCII letter into an ASCII one (KELVIN SIGN U+212A becomes <c>k</c>).
/// </remarks>
public static class Identities
{
    public const int MaxLength = 128;

    public const string Rule =
        "must be 1-128 ASCII letters, digits and . _ @ -, starting with a letter or digit, with nothing else (no spaces, newlines or other control or invisible characters); case is ignored (Alice is alice)";

    /// <summary>The canonical (lower-case) form of <paramref name="name"/>, or false when it breaks the rule.</summary>
    public static bool TryCanonicalize([NotNullWhen(true)] string? name, [NotNullWhen(true)] out string? canonical)
    {
        canonical = null;
        if (name is null || name.Length is 0 or > MaxLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '@' or '-'))
            {
                return false;
            }
        }

        canonical = name.ToLowerInvariant();
        return true;
    }

    /// <exception cref="ArgumentException"><paramref name="name"/> breaks the rule.</exception>
    public static string Canonicalize(string name) =>
        TryCanonicalize(name, out var canonical)
            ? canonical
            : throw new ArgumentException($"identity {Show(name)}: {Rule}", nameof(name));

    public static bool IsValid([NotNullWhen(true)] string? name) => TryCanonicalize(name, out _);

    /// <summary>Whether both names are valid and name the same identity; an invalid name is nobody.</summary>
    public static bool Same(string? left, string? right) =>
        TryCanonicalize(left, out var a) && TryCanonicalize(right, out var b) && string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>The name quoted with every character outside printable ASCII escaped, safe in an error message.</summary>
    public static string Show(string? name)
    {
        if (name is null)
        {
            return "null";
        }

        var builder = new System.Text.StringBuilder("\"");
        foreach (var c in name.Length > 2 * MaxLength ? name[..(2 * MaxLength)] : name)
        {
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.Append(name.Length > 2 * MaxLength ? "...\"" : "\"").ToString();
    }
}
