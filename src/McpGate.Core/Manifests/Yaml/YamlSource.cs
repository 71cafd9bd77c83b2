using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests.Yaml;

/// <summary>
/// One YAML file being turned into typed records. Every reader reports into the shared
/// error list with <c>file:line:column: field: message</c> and returns null, so a loader
/// can keep going and report every error at once.
/// </summary>
internal sealed partial class YamlSource
{
    private readonly List<string> _errors;

    public YamlSource(string path, List<string> errors)
    {
        Path = path;
        _errors = errors;
    }

    public string Path { get; }

    /// <summary>Parses the text; reports syntax errors. Returns the documents' roots (possibly none).</summary>
    public IReadOnlyList<YamlNode> LoadDocuments(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var message = MarkPrefix().Replace(ex.InnerException?.Message ?? ex.Message, string.Empty);
            _errors.Add($"{Path}:{ex.Start.Line}:{ex.Start.Column}: {message}");
            return [];
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (with no position) on some malformed input,
            // e.g. an unterminated flow sequence: report where the last good token ended.
            var mark = LastGoodMark(text);
            _errors.Add($"{Path}:{mark.Line}:{mark.Column}: invalid YAML after this point (unterminated [ or {{?)");
            return [];
        }

        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    private static Mark LastGoodMark(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        var mark = Mark.Empty;
        try
        {
            while (scanner.MoveNext())
            {
                mark = scanner.Current?.Start ?? mark;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or YamlException)
        {
            // Stop at the first token the scanner cannot read.
        }

        return mark;
    }

    /// <summary><c>file:line:column</c> of a node, to report an error about it later.</summary>
    public string Location(YamlNode node) => $"{Path}:{node.Start.Line}:{node.Start.Column}";

    public void Error(YamlNode node, string field, string message) => Error(node.Start, field, message);

    public void Error(Mark mark, string field, string message) =>
        _errors.Add(field.Length == 0
            ? $"{Path}:{mark.Line}:{mark.Column}: {message}"
            : $"{Path}:{mark.Line}:{mark.Column}: {field}: {message}");

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

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

    /// <summary>A .NET regular expression that compiles; matched with a timeout.</summary>
    public Regex? Pattern(YamlNode? node, string field)
    {
        var text = String(node, field);
        if (text is null)
        {
            return null;
        }

        try
        {
            return new Regex(text, RegexOptions.None, PatternTimeout);
        }
        catch (ArgumentException ex)
        {
            Error(node!, field, $"is not a valid regular expression: {ex.Message}");
            return null;
        }
    }

    /// <summary>How long a configured pattern may take on one value before the match is refused.</summary>
    public static TimeSpan PatternTimeout { get; } = TimeSpan.FromMilliseconds(200);

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

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "got a map",
        YamlSequenceNode => "got a list",
        _ when IsNull(node) => "got nothing",
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s => $"got {s.Value}",
        YamlScalarNode s => $"got \"{s.Value}\"",
        _ => "got an alias",
    };

    private static bool IsPlain(YamlNode node, out string text)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } value })
        {
            text = value;
            return true;
        }

        text = string.Empty;
        return false;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerSyntax();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberSyntax();
}
