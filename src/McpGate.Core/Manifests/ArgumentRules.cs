namespace McpGate.Core.Manifests;

/// <summary>The manifest's rules for one typed value: enum, bounds, pattern.</summary>
internal static class ArgumentRules
{
    /// <summary>Every rule the value breaks, as "must ..." phrases without the field name.</summary>
    public static IEnumerable<string> Check(ParameterSpec spec, object value)
    {
        if (value is string text && ParameterText.FindForbidden(text, spec.Multiline) is { } forbidden)
        {
            // Nothing else is worth checking on such a value, and a pattern must never see it.
            yield return $"{(spec.Multiline ? ParameterText.MultilineRule : ParameterText.Rule)} (found {forbidden.CodePoint} at index {forbidden.Index} in {ValueText.Quote(text)})";
            yield break;
        }

        if (spec.Enum is { } allowed && !allowed.Any(a => Equals(a, value)))
        {
            yield return $"must be one of {string.Join(", ", allowed.Select(ValueText.Format))} (got {ValueText.Quote(value)})";
        }

        var number = value switch
        {
            long l => (double?)l,
            double d => d,
            _ => null,
        };
        if (number < spec.Minimum)
        {
            yield return $"must be at least {ValueText.Format(spec.Minimum)} (got {ValueText.Format(value)})";
        }

        if (number > spec.Maximum)
        {
            yield return $"must be at most {ValueText.Format(spec.Maximum)} (got {ValueText.Format(value)})";
        }

        if (value is string s && spec.PatternRegex is { } regex && !Matches(regex, s))
        {
            yield return $"must match the pattern {spec.Pattern} as a whole value (got {ValueText.Quote(s)})";
        }
    }

    private static bool Matches(System.Text.RegularExpressions.Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
