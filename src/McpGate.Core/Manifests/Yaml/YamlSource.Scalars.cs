using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests.Yaml;

/// <summary>Typed readers: each returns null and reports an error when the node does not fit.</summary>
internal sealed partial class YamlSource
{
    public MappingReader? Mapping(YamlNode? node, string field)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return new MappingReader(this, mapping, field);
            default:
                Error(node, field, $"must be a map ({Describe(node)})");
                return null;
        }
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string field)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlSequenceNode sequence:
                return sequence;
            default:
                Error(node, field, $"must be a list ({Describe(node)})");
                return null;
        }
    }

    public string? String(YamlNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && !IsNull(node))
        {
            return scalar.Value ?? string.Empty;
        }

        Error(node, field, $"must be a string ({Describe(node)})");
        return null;
    }

    /// <summary>A non-empty string.</summary>
    public string? Text(YamlNode? node, string field)
    {
        var value = String(node, field);
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            Error(node!, field, "must not be empty");
            return null;
        }

        return value;
    }

    public long? Integer(YamlNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (IsPlain(node, out var text) && IntegerSyntax().IsMatch(text)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(node, field, $"must be an integer ({Describe(node)})");
        return null;
    }

    public double? Number(YamlNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (IsPlain(node, out var text) && NumberSyntax().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            return value;
        }

        Error(node, field, $"must be a number ({Describe(node)})");
        return null;
    }

    public bool? Boolean(YamlNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (IsPlain(node, out var text))
        {
            switch (text)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }

        Error(node, field, $"must be true or false ({Describe(node)})");
        return null;
    }

    /// <summary>One of the names in <paramref name="names"/> (ordinal, as written in YAML).</summary>
    public T? Enum<T>(YamlNode? node, string field, IReadOnlyDictionary<string, T> names)
        where T : struct
    {
        var text = String(node, field);
        if (text is null)
        {
            return null;
        }

        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        Error(node!, field, $"must be one of {string.Join(", ", names.Keys)} (got \"{text}\")");
        return null;
    }

    /// <summary>A list of non-empty strings; each element is checked, errors are per element.</summary>
    public IReadOnlyList<string>? StringList(YamlNode? node, string field, bool allowEmpty = false)
    {
        var sequence = Sequence(node, field);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Children.Count == 0 && !allowEmpty)
        {
            Error(sequence, field, "must not be empty");
            return null;
        }

        var result = new List<string>();
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = Text(sequence.Children[i], $"{field}[{i}]");
            ok &= item is not null;
            if (item is not null)
            {
                result.Add(item);
            }
        }

        return ok ? result : null;
    }

    public TimeSpan? Duration(YamlNode? node, string field)
    {
        var text = String(node, field);
        if (text is null)
        {
            return null;
        }

        if (DurationSyntax.TryParse(text, out var value))
        {
            return value;
        }

        Error(node!, field, $"must be a positive duration such as 500ms, 30s, 5m or 1h (got \"{text}\")");
        return null;
    }

    /// <summary>
    /// A .NET regular expression that compiles on its own, matched against the whole value
    /// whatever its author wrote: it is wrapped as <c>\A(?:...)\z</c>, so <c>^...$</c> can no
    /// longer accept a value with a trailing newline, and an unanchored pattern no longer
    /// accepts any value that merely contains a match. Matched by .NET's non-backtracking engine:
    /// linear in the value's length, so no pattern can stall the gate and no match depends on
    /// how busy the machine is (a timeout would refuse valid values under load).
    /// </summary>
    public (string Text, Regex Regex)? Pattern(YamlNode? node, string field)
    {
        var text = String(node, field);
        if (text is null)
        {
            return null;
        }

        // Most manifests repeat the same few patterns (namespace, name), and serve loads the
        // configuration twice at start: a pattern compiled once is reused, since building a
        // non-backtracking matcher is the costly part of loading a manifest.
        if (CompiledPatterns.TryGet(text) is { } compiled)
        {
            return (text, compiled);
        }

        try
        {
            // Parsing it alone first proves its parentheses balance, so it cannot close the wrapper's
            // group early (as "a)|(b" would). The backtracking engine's parse is enough for that and
            // costs little; the non-backtracking matcher is built once, below.
            _ = new Regex(text, PatternOptions & ~RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
        }
        catch (ArgumentException ex)
        {
            Error(node!, field, $"is not a valid regular expression: {ex.Message}");
            return null;
        }

        try
        {
            return (text, CompiledPatterns.Add(text, new Regex(WholeValue(text), PatternOptions, Regex.InfiniteMatchTimeout)));
        }
        catch (NotSupportedException)
        {
            Error(node!, field, "uses a construct the gate's linear-time matcher does not run (backreferences, lookarounds, atomic groups, conditionals)");
            return null;
        }
        catch (ArgumentException ex)
        {
            // An (?x) comment running to the end of the pattern swallows the wrapper's \z.
            Error(node!, field, $"cannot be anchored to the whole value (end any (?x) comment with a newline): {ex.Message}");
            return null;
        }
    }

    /// <summary>The pattern as the gate matches it: against the whole value, never part of it.</summary>
    public static string WholeValue(string pattern) => $@"\A(?:{pattern})\z";

    /// <summary>How configured patterns are compiled: culture-invariant, on the non-backtracking engine.</summary>
    public const RegexOptions PatternOptions = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>A scalar typed as YAML's core schema reads it: long, double, bool, else string.</summary>
    public static object ScalarValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (!IsPlain(scalar, out _))
        {
            return text;
        }

        if (IntegerSyntax().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (text is "true" or "false")
        {
            return text == "true";
        }

        return NumberSyntax().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : text;
    }

    [GeneratedRegex(@"\A[-+]?[0-9]+\z")]
    private static partial Regex IntegerSyntax();

    [GeneratedRegex(@"\A[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z")]
    private static partial Regex NumberSyntax();
}
