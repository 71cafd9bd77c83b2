using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace McpGate.Core.Policy;

/// <summary>Rule selectors: exact names, <c>*</c>, or a prefix glob such as <c>team-*</c>.</summary>
internal static partial class NamePattern
{
    public static bool IsValid(string pattern) => Syntax().IsMatch(pattern);

    /// <summary>
    /// A requester selector in canonical form: <c>*</c>, an identity, or an identity prefix
    /// followed by <c>*</c> (the prefix follows the identity rule, so case is folded).
    /// </summary>
    public static bool TryCanonicalizeIdentity(string pattern, [NotNullWhen(true)] out string? canonical)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        canonical = null;
        if (pattern == "*")
        {
            canonical = pattern;
            return true;
        }

        var glob = pattern.EndsWith('*');
        if (!Identities.TryCanonicalize(glob ? pattern[..^1] : pattern, out var name))
        {
            return false;
        }

        canonical = glob ? name + "*" : name;
        return true;
    }

    /// <summary>A null list matches anything; a null value (cluster-scoped) matches only <c>*</c>.</summary>
    public static bool MatchesAny(IReadOnlyList<string>? patterns, string? value) =>
        patterns is null || patterns.Any(p => Matches(p, value));

    public static bool Matches(string pattern, string? value) => pattern switch
    {
        "*" => true,
        _ when value is null => false,
        _ when pattern.EndsWith('*') => value.StartsWith(pattern[..^1], StringComparison.Ordinal),
        _ => string.Equals(pattern, value, StringComparison.Ordinal),
    };

    // \A and \z: '$' would also match before a final newline.
    [GeneratedRegex(@"\A[^*\s\p{C}\p{Z}]*\*?\z")]
    private static partial Regex Syntax();
}
