using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGate.Core.Json;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): object members sorted by the UTF-16 code
/// units of their names, no insignificant whitespace, JCS string escaping, numbers in
/// ECMAScript form. The output is UTF-8.
/// </summary>
/// <remarks>
/// <para>Numbers are IEEE-754 doubles, as RFC 8785 requires; NaN and infinities are rejected.
/// A number written with a fraction or an exponent is rounded to the nearest double and
/// printed in its shortest round-trip form (<c>4.50</c> becomes <c>4.5</c>, <c>1E30</c>
/// becomes <c>1e+30</c>).</para>
/// <para>An integer (a CLR integer, or a literal with no fraction and no exponent) is
/// written as-is. Every integer of magnitude up to 2^53 qualifies. A larger integer that a
/// double cannot hold exactly (<c>9007199254740993</c>) would be silently changed by any
/// JCS implementation, so it is rejected instead: send such values as strings.</para>
/// <para>Lone surrogates are rejected (RFC 8785 section 3.2.2.2), and so are duplicate
/// member names, whether parsed from text or found in a <see cref="JsonElement"/>.</para>
/// All failures throw <see cref="JsonException"/>.
/// </remarks>
public static class CanonicalJson
{
    private const int MaxDepth = 256;

    private static readonly JsonDocumentOptions s_strictParsing = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes of <paramref name="node"/>; <see langword="null"/> is <c>null</c>.</summary>
    public static byte[] Serialize(JsonNode? node) => s_utf8.GetBytes(ToCanonicalString(node));

    /// <summary>The canonical UTF-8 bytes of <paramref name="element"/>.</summary>
    public static byte[] Serialize(JsonElement element) => ValidUnicode(() =>
    {
        var builder = new StringBuilder();
        AppendElement(builder, element, 0);
        return s_utf8.GetBytes(builder.ToString());
    });

    /// <summary>The canonical form of <paramref name="node"/> as a string.</summary>
    public static string ToCanonicalString(JsonNode? node) => ValidUnicode(() =>
    {
        var builder = new StringBuilder();
        AppendNode(builder, node, 0);
        return builder.ToString();
    });

    /// <summary>
    /// Parses JSON text strictly (no duplicate member names, comments or trailing commas)
    /// and returns its canonical form as a string.
    /// </summary>
    public static string Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ValidUnicode(() =>
        {
            using var document = JsonDocument.Parse(json, s_strictParsing);
            var builder = new StringBuilder(json.Length);
            AppendElement(builder, document.RootElement, 0);
            return builder.ToString();
        });
    }

    private static void AppendNode(StringBuilder builder, JsonNode? node, int depth)
    {
        CheckDepth(depth);
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                var members = new List<KeyValuePair<string, JsonNode?>>(obj.Count);
                members.AddRange(obj);
                members.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                builder.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        CheckDistinct(members[i - 1].Key, members[i].Key);
                        builder.Append(',');
                    }

                    JcsString.Append(builder, members[i].Key);
                    builder.Append(':');
                    AppendNode(builder, members[i].Value, depth + 1);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    AppendNode(builder, array[i], depth + 1);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                AppendValue(builder, value, depth);
                break;
            default:
                throw new JsonException($"Unsupported JSON node type {node.GetType()}.");
        }
    }

    private static void AppendValue(StringBuilder builder, JsonValue value, int depth)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            AppendElement(builder, element, depth);
            return;
        }

        if (value.TryGetValue<string>(out var text))
        {
            JcsString.Append(builder, text);
            return;
        }

        if ((value.TryGetValue<double>(out var d) && !double.IsFinite(d))
            || (value.TryGetValue<float>(out var f) && !float.IsFinite(f)))
        {
            throw new JsonException("NaN and infinite numbers cannot be written as JSON: RFC 8785 allows finite numbers only.");
        }

        // Any other CLR value (numbers, booleans, Guid, DateTimeOffset...): take the JSON
        // System.Text.Json writes for it and canonicalize that.
        using var document = JsonDocument.Parse(value.ToJsonString(), s_strictParsing);
        AppendElement(builder, document.RootElement, depth);
    }

    private static void AppendElement(StringBuilder builder, JsonElement element, int depth)
    {
        CheckDepth(depth);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<JsonProperty>();
                foreach (var property in element.EnumerateObject())
                {
                    members.Add(property);
                }

                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                builder.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        CheckDistinct(members[i - 1].Name, members[i].Name);
                        builder.Append(',');
                    }

                    JcsString.Append(builder, members[i].Name);
                    builder.Append(':');
                    AppendElement(builder, members[i].Value, depth + 1);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    AppendElement(builder, item, depth + 1);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                JcsString.Append(builder, element.GetString()!);
                break;
            case JsonValueKind.Number:
                AppendNumber(builder, element.GetRawText());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            default:
                throw new JsonException($"A JSON element of kind {element.ValueKind} has no canonical form.");
        }
    }

    private static void AppendNumber(StringBuilder builder, string literal)
    {
        var value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new JsonException($"The number {literal} is outside the range of an IEEE-754 double.");
        }

        var canonical = EcmaScriptNumber.Format(value);
        var isInteger = literal.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
        if (isInteger && literal != "-0" && canonical != literal)
        {
            throw new JsonException(
                $"The integer {literal} cannot be canonicalized without changing it: RFC 8785 reads numbers as IEEE-754 doubles, " +
                $"which would make it {canonical}. Send integers beyond 2^53 as strings.");
        }

        builder.Append(canonical);
    }

    /// <summary>
    /// Runs <paramref name="write"/>, turning the reader's InvalidOperationException for an escaped
    /// lone surrogate (<c>"\ud800"</c>, in a value or a member name) into a
    /// <see cref="JsonException"/> like every other failure.
    /// </summary>
    private static T ValidUnicode<T>(Func<T> write)
    {
        try
        {
            return write();
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException($"The text has a string that is not valid UTF-16 ({e.Message}); RFC 8785 requires valid Unicode.", e);
        }
    }

    private static void CheckDistinct(string previous, string current)
    {
        if (string.Equals(previous, current, StringComparison.Ordinal))
        {
            throw new JsonException($"The object has the member name \"{current}\" more than once.");
        }
    }

    private static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonException($"The JSON is nested more than {MaxDepth} levels deep.");
        }
    }
}
