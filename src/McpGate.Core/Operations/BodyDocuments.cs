using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Engine;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Operations;

/// <summary>
/// The documents of a body parameter (YAML, JSON being YAML too) as JSON nodes, with YAML 1.2
/// core-schema scalars and the line each document starts on. Bounded: the text's length, the
/// number of nodes (aliases expanded) and the nesting depth, so a hostile body cannot exhaust the gate.
/// </summary>
internal static class BodyDocuments
{
    private static readonly System.Buffers.SearchValues<char> s_floatCharacters = System.Buffers.SearchValues.Create("0123456789+-.eE");

    /// <summary>Longest body accepted, in characters.</summary>
    public const int MaxLength = 256 * 1024;

    /// <summary>Most values (maps, lists and scalars, aliases counted each time they are used) in one body.</summary>
    public const int MaxNodes = 20_000;

    /// <summary>Deepest nesting accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Every document of <paramref name="text"/>, each with the line it starts on; empty documents left out.</summary>
    /// <exception cref="ProposalException">The text is too long, is not YAML or JSON, or is too large once read; the message names <paramref name="parameter"/> and the line.</exception>
    public static IReadOnlyList<(JsonNode? Node, long Line)> Parse(string parameter, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new ProposalException($"{parameter}: must be at most {MaxLength} characters (got {text.Length}).");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ProposalException($"{parameter}: line {ex.Start.Line}: not valid YAML or JSON: {Message(ex)}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new ProposalException($"{parameter}: not valid YAML or JSON: {ex.Message}", ex);
        }

        var budget = new Budget();
        var documents = new List<(JsonNode?, long)>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" })
            {
                continue;
            }

            documents.Add((Convert(parameter, document.RootNode, 0, budget), document.RootNode.Start.Line));
        }

        return documents;
    }

    private static string Message(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }

    private static JsonNode? Convert(string parameter, YamlNode node, int depth, Budget budget)
    {
        if (++budget.Nodes > MaxNodes)
        {
            throw new ProposalException($"{parameter}: line {node.Start.Line}: holds more than {MaxNodes} values (aliases counted each time they are used).");
        }

        if (depth > MaxDepth)
        {
            throw new ProposalException($"{parameter}: line {node.Start.Line}: nests deeper than {MaxDepth} levels.");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new ProposalException($"{parameter}: line {key.Start.Line}: a map key must be a plain value.");
                    }

                    if (obj.ContainsKey(name))
                    {
                        throw new ProposalException($"{parameter}: line {key.Start.Line}: key \"{name}\" appears twice in the same map.");
                    }

                    obj[name] = Convert(parameter, value, depth + 1, budget);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(parameter, item, depth + 1, budget));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new ProposalException($"{parameter}: line {node.Start.Line}: unsupported YAML node.");
        }
    }

    /// <summary>YAML 1.2 core schema: null, booleans, integers and floats unquoted; everything quoted is a string.</summary>
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (IsInteger(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        return IsFloat(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)
            ? JsonValue.Create(real)
            : JsonValue.Create(value);
    }

    private static bool IsInteger(string text)
    {
        var digits = text.AsSpan(text[0] is '-' or '+' ? 1 : 0);
        return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static bool IsFloat(string text) =>
        text.Any(char.IsAsciiDigit) && !text.AsSpan().ContainsAnyExcept(s_floatCharacters) && text.Count(c => c == '.') <= 1;

    private sealed class Budget
    {
        public int Nodes { get; set; }
    }
}
