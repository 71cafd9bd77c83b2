using System.Globalization;
using System.Text;
using System.Text.Json;

namespace McpGate.Core.Json;

/// <summary>
/// Writes a JSON string the way RFC 8785 section 3.2.2.2 requires: only <c>"</c>, <c>\</c> and
/// control characters are escaped (short forms where JSON has them, else <c>\u00xx</c> in
/// lower-case hex); everything else, including <c>/</c>, DEL and non-ASCII, is written as is.
/// Lone surrogates are rejected.
/// </summary>
internal static class JcsString
{
    public static void Append(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ':
                    builder.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        throw new JsonException($"The string contains a lone surrogate U+{(int)c:X4} at index {i}; RFC 8785 requires valid Unicode.");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
