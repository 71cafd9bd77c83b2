using System.Text.RegularExpressions;

namespace McpGate.Core.Manifests;

/// <summary><c>{parameter}</c> placeholders in operation templates.</summary>
internal static partial class Placeholders
{
    /// <summary>The parameter names a template refers to, in order.</summary>
    public static IEnumerable<string> Names(string template) =>
        Any().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary>The parameter name when the whole template is one placeholder.</summary>
    public static string? Whole(string template)
    {
        var match = WholeSyntax().Match(template);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static bool HasAny(string template) => Any().IsMatch(template);

    public static string Replace(string template, Func<string, string> value) =>
        Any().Replace(template, m => value(m.Groups[1].Value));

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Any();

    [GeneratedRegex(@"\A\{([^{}]*)\}\z")]
    private static partial Regex WholeSyntax();
}
