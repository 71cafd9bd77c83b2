using System.Globalization;
using System.Text;
using System.Text.Json;

namespace McpGate.Core.Json;

/// <summary>
/// Tells whether UTF-8 JSON text is already in RFC 8785 form, in one pass over the text without
/// building anything: the answer <see cref="CanonicalJson.Canonicalize"/> gives by comparing its
/// output with its input, several times faster. Ledger verification asks it for every entry.
/// </summary>
/// <remarks>
/// <para>The text is canonical when, token by token: nothing but a single <c>,</c> or <c>:</c>
/// stands between two tokens, and nothing before the first or after the last; every string and
/// member name escapes exactly what <see cref="JcsString"/> escapes, spelled as it spells it;
/// each object's member names strictly increase in UTF-16 code-unit order (sorted, no
/// duplicates); every number is spelled as <see cref="EcmaScriptNumber.Format"/> prints the
/// double it denotes. The reader refuses what JSON refuses, with the canonicalizer's depth limit.</para>
/// <para>A <see langword="false"/> answer gives no reason; a caller that needs one canonicalizes
/// (CanonicalJsonCheckTests holds the two to the same answer on generated texts of every kind).</para>
/// </remarks>
internal static class CanonicalJsonCheck
{
    private static readonly JsonReaderOptions s_options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 256,
    };

    public static bool IsCanonical(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, s_options);

        // The last member name of each open container (null before the first, and for arrays).
        var lastNames = new List<string?>(8);
        long next = 0;
        try
        {
            while (reader.Read())
            {
                var start = reader.TokenStartIndex;
                var gap = start - next;
                if (gap is < 0 or > 1 || (gap == 1 && utf8[(int)next] is not ((byte)',' or (byte)':')))
                {
                    return false;
                }

                long length;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        lastNames.Add(null);
                        length = 1;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        lastNames.RemoveAt(lastNames.Count - 1);
                        length = 1;
                        break;
                    case JsonTokenType.PropertyName:
                        if (!IsCanonicalString(reader.ValueSpan, reader.ValueIsEscaped))
                        {
                            return false;
                        }

                        var name = reader.GetString()!;
                        if (lastNames[^1] is { } previous && string.CompareOrdinal(previous, name) >= 0)
                        {
                            return false;
                        }

                        lastNames[^1] = name;
                        length = reader.ValueSpan.Length + 2;
                        break;
                    case JsonTokenType.String:
                        if (!IsCanonicalString(reader.ValueSpan, reader.ValueIsEscaped))
                        {
                            return false;
                        }

                        length = reader.ValueSpan.Length + 2;
                        break;
                    case JsonTokenType.Number:
                        if (!IsCanonicalNumber(reader.ValueSpan))
                        {
                            return false;
                        }

                        length = reader.ValueSpan.Length;
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.Null:
                        length = 4;
                        break;
                    case JsonTokenType.False:
                        length = 5;
                        break;
                    default:
                        return false;
                }

                next = start + length;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return next == utf8.Length;
    }

    /// <summary>Whether a string's raw bytes (between the quotes) escape exactly what JCS escapes, as it spells it.</summary>
    private static bool IsCanonicalString(ReadOnlySpan<byte> raw, bool escaped)
    {
        // Unescaped: the reader has refused raw control characters and quotes, and JCS writes
        // everything else as is. Invalid UTF-8 is refused when the caller encodes strictly.
        if (!escaped)
        {
            return true;
        }

        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                continue;
            }

            var kind = raw[++i];
            switch (kind)
            {
                case (byte)'"' or (byte)'\\' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    break;
                case (byte)'u':
                    // Only control characters without a short form, as \u00xx in lower-case hex.
                    if (raw[i + 1] != (byte)'0' || raw[i + 2] != (byte)'0' || !IsLowerHex(raw[i + 3]) || !IsLowerHex(raw[i + 4]))
                    {
                        return false;
                    }

                    var code = (HexValue(raw[i + 3]) << 4) | HexValue(raw[i + 4]);
                    if (code >= 0x20 || code is 0x08 or 0x09 or 0x0a or 0x0c or 0x0d)
                    {
                        return false;
                    }

                    i += 4;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool IsCanonicalNumber(ReadOnlySpan<byte> raw)
    {
        var literal = Encoding.ASCII.GetString(raw);
        var value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) && string.Equals(EcmaScriptNumber.Format(value), literal, StringComparison.Ordinal);
    }

    private static bool IsLowerHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f');

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : b - 'a' + 10;
}
