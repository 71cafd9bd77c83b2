using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Text;

namespace McpGate.Core.Diff;

/// <summary>
/// Paths of diff lines, in kubectl / JSONPath style and unambiguous whatever the keys hold:
/// <c>spec.replicas</c>, <c>metadata.annotations["kubectl.kubernetes.io/restartedAt"]</c>,
/// <c>spec.template.spec.containers[name=web].image</c>, <c>spec.args[2]</c>.
/// </summary>
/// <remarks>
/// A map key is written <c>.key</c> when it is an identifier (letters, digits, <c>_</c>, <c>-</c>,
/// not starting with a digit or <c>-</c>), else <c>["key"]</c> as a JSON string. An element of a
/// list-map is <c>[key=value]</c> (<c>[containerPort=80,protocol=TCP]</c> for several keys); a
/// string value is written bare when it is made of letters, digits and <c>. _ - / :</c> and does
/// not read as a number, <c>true</c>, <c>false</c> or <c>null</c>, else as a JSON string. Any other
/// list element is <c>[index]</c>. The three bracket forms never overlap: <c>["</c>, a digit, or a
/// key name followed by <c>=</c>.
/// </remarks>
internal static class DiffPath
{
    /// <summary>The suffix of the line that reports a changed order of list-map elements.</summary>
    public const string OrderSuffix = ".$order";

    public static string Key(string parent, string key) =>
        IsIdentifier(key)
            ? (parent.Length == 0 ? key : parent + "." + key)
            : parent + "[" + Quote(key) + "]";

    public static string Index(string parent, int index) =>
        parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    public static string Element(string parent, string selector) => parent + "[" + selector + "]";

    /// <summary><c>name=web</c>; null when a value cannot be a key (absent, an object, an array, null).</summary>
    public static string? Selector(IReadOnlyList<string> keys, IReadOnlyList<JsonNode?> values)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            if (ScalarText(values[i]) is not { } text)
            {
                return null;
            }

            builder.Append(i == 0 ? string.Empty : ",").Append(keys[i]).Append('=').Append(text);
        }

        return builder.ToString();
    }

    /// <summary>A key value as a selector writes it; null for anything but a string, number or boolean.</summary>
    public static string? ScalarText(JsonNode? value)
    {
        if (value is not JsonValue scalar)
        {
            return null;
        }

        return scalar.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => Bare(scalar.GetValue<string>()),
            System.Text.Json.JsonValueKind.Number => JsonLeaf.CanonicalText(scalar),
            System.Text.Json.JsonValueKind.True => "true",
            System.Text.Json.JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>
    /// <paramref name="text"/> as a JSON string literal whose unsafe characters (control,
    /// invisible and direction-changing ones, as <see cref="UntrustedText"/> defines them, and
    /// lone surrogates) are escaped, so a key cannot disguise a path on an approver's terminal.
    /// </summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        var rest = text.AsSpan();
        Span<char> units = stackalloc char[2];
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
            {
                Escape(builder, rest[0]);
                rest = rest[1..];
                continue;
            }

            rest = rest[used..];
            if (rune.Value == '"')
            {
                builder.Append("\\\"");
            }
            else if (rune.Value == '\\')
            {
                builder.Append("\\\\");
            }
            else if (UntrustedText.IsUnsafe(rune))
            {
                foreach (var unit in units[..rune.EncodeToUtf16(units)])
                {
                    Escape(builder, unit);
                }
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.Append('"').ToString();
    }

    private static void Escape(StringBuilder builder, char unit) =>
        builder.Append("\\u").Append(((int)unit).ToString("x4", CultureInfo.InvariantCulture));

    private static string Bare(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or ':') && !LooksLikeLiteral(text)
            ? text
            : Quote(text);

    private static bool LooksLikeLiteral(string text) =>
        text is "true" or "false" or "null"
        || ((char.IsAsciiDigit(text[0]) || text[0] == '-') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static bool IsIdentifier(string key) =>
        key.Length > 0
        && (char.IsAsciiLetter(key[0]) || key[0] == '_')
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
