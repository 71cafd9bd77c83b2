using System.Text.RegularExpressions;

namespace McpGate.Core.Policy;

/// <summary>Rule selectors: exact names, <c>*</c>, or a prefix glob such as <c>team-*</c>.</summary>
internal static partial class NamePattern
{
    public static bool IsValid(string pattern) => Syntax().IsMatch(pattern);

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

    [GeneratedRegex(@"^[^*\s]*\*?$")]
    private static partial Regex Syntax();
}
