using System.Text.RegularExpressions;
using McpGate.Core.Manifests;

namespace McpGate.Core.Policy;

/// <summary>Checks a rule's argument constraints; a constrained argument that is absent fails (fail closed).</summary>
internal static class ConstraintEvaluator
{
    public static IEnumerable<ConstraintCheck> Check(PolicyRule rule, IReadOnlyDictionary<string, object?> arguments)
    {
        foreach (var constraint in rule.Constraints)
        {
            arguments.TryGetValue(constraint.Argument, out var value);
            foreach (var check in Check(rule.Name, constraint, value))
            {
                yield return check;
            }
        }
    }

    private static IEnumerable<ConstraintCheck> Check(string rule, ArgumentConstraint constraint, object? value)
    {
        var argument = constraint.Argument;
        var shown = Show(value);
        var number = value switch
        {
            long l => (double?)l,
            double d => d,
            _ => null,
        };

        if (constraint.Minimum is { } minimum)
        {
            var limit = Show(minimum);
            yield return number is null
                ? Fail(argument, "minimum", Missing(argument, value, rule, $"a minimum of {limit}"))
                : number >= minimum
                    ? Pass(argument, "minimum", $"{argument}: {shown} meets the minimum of {limit} set by rule {rule}")
                    : Fail(argument, "minimum", $"{argument}: {shown} is below the minimum of {limit} set by rule {rule}");
        }

        if (constraint.Maximum is { } maximum)
        {
            var limit = Show(maximum);
            yield return number is null
                ? Fail(argument, "maximum", Missing(argument, value, rule, $"a maximum of {limit}"))
                : number <= maximum
                    ? Pass(argument, "maximum", $"{argument}: {shown} is within the maximum of {limit} set by rule {rule}")
                    : Fail(argument, "maximum", $"{argument}: {shown} exceeds the maximum of {limit} set by rule {rule}");
        }

        if (constraint.Enum is { } allowed)
        {
            var list = string.Join(", ", allowed.Select(Show));
            yield return value is null
                ? Fail(argument, "enum", Missing(argument, value, rule, $"the values {list}"))
                : allowed.Any(a => SameValue(a, value))
                    ? Pass(argument, "enum", $"{argument}: {shown} is one of {list} allowed by rule {rule}")
                    : Fail(argument, "enum", $"{argument}: {shown} is not one of {list} allowed by rule {rule}");
        }

        if (constraint.PatternRegex is { } keyRegex && value is IReadOnlyDictionary<string, string?> map)
        {
            // A map (ConfigMap data): the pattern limits which keys may be set or removed.
            var outside = map.Keys.Where(k => !Matches(keyRegex, k)).ToList();
            yield return outside.Count == 0
                ? Pass(argument, "pattern", $"{argument}: every key ({string.Join(", ", map.Keys.Select(Show))}) matches the pattern {constraint.Pattern} required by rule {rule}")
                : Fail(argument, "pattern", $"{argument}: key(s) {string.Join(", ", outside.Select(Show))} do not match the pattern {constraint.Pattern} required by rule {rule}");
        }
        else if (constraint.PatternRegex is { } regex)
        {
            yield return value is not string text
                ? Fail(argument, "pattern", Missing(argument, value, rule, $"the pattern {constraint.Pattern}"))
                : Matches(regex, text)
                    ? Pass(argument, "pattern", $"{argument}: {shown} matches the pattern {constraint.Pattern} required by rule {rule}")
                    : Fail(argument, "pattern", $"{argument}: {shown} does not match the pattern {constraint.Pattern} required by rule {rule}");
        }
    }

    private static string Missing(string argument, object? value, string rule, string limit) => value is null
        ? $"{argument}: is not supplied, but rule {rule} limits it to {limit}"
        : $"{argument}: {Show(value)} is not the kind of value rule {rule} limits to {limit}";

    private static bool SameValue(object allowed, object value) => (allowed, value) switch
    {
        (long or double, long or double) => Convert.ToDouble(allowed, null) == Convert.ToDouble(value, null),
        _ => Equals(allowed, value),
    };

    private static bool Matches(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Show(object? value) => ValueText.Quote(value);

    private static ConstraintCheck Pass(string argument, string rule, string detail) =>
        new() { Argument = argument, Rule = rule, Passed = true, Detail = detail };

    private static ConstraintCheck Fail(string argument, string rule, string detail) =>
        new() { Argument = argument, Rule = rule, Passed = false, Detail = detail };
}
