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
}
