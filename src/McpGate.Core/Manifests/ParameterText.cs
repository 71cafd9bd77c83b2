using System.Globalization;
using System.Text;

namespace McpGate.Core.Manifests;

/// <summary>
/// The rule every string parameter value follows, whatever its manifest says: one line of
/// visible text. Kubernetes names never need more, and a reason has no use for a line break
/// or an invisible character, while each of them can smuggle a second meaning into a
/// request path, a log line or an approver's terminal.
/// </summary>
internal static class ParameterText
{
    public const string Rule =
        "must be one line of visible text: no control characters (newline, carriage return, tab, NUL, U+0085...), "
        + "no line or paragraph separators (U+2028, U+2029), no format characters (zero-width, bidi controls, BOM), "
        + "no spaces other than U+0020, and no invisible fillers (U+3164, U+2800...)";

    /// <summary>The first character that breaks <see cref="Rule"/> (as U+XXXX) and its index, or null when the text is clean.</summary>
    public static (string CodePoint, int Index)? FindForbidden(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                return ($"U+{(int)text[index]:X4}", index);
            }

            if (IsForbidden(rune))
            {
                return ($"U+{rune.Value:X4}", index);
            }

            index += length;
        }

        return null;
    }

    public static bool IsForbidden(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
        UnicodeCategory.SpaceSeparator => rune.Value != ' ',
        _ => IsInvisibleFiller(rune.Value),
    };

    /// <summary>
    /// Letters and marks that render as nothing: Hangul fillers, the Braille blank, Khmer
    /// inherent vowels, the combining grapheme joiner and variation selectors.
    /// </summary>
    private static bool IsInvisibleFiller(int value) => value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800
        or 0x17B4 or 0x17B5 or 0x034F
        or (>= 0x180B and <= 0x180F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    /// <summary>The text with every forbidden character written as <c>\uXXXX</c>, safe to put in a message.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (FindForbidden(text) is null)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        var index = 0;
        while (index < text.Length)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var length);
            if (status != System.Buffers.OperationStatus.Done)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[index]:X4}");
                index++;
                continue;
            }

            if (IsForbidden(rune))
            {
                builder.Append(rune.IsBmp
                    ? string.Create(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}")
                    : string.Create(CultureInfo.InvariantCulture, $"\\U{rune.Value:X8}"));
            }
            else
            {
                builder.Append(text, index, length);
            }

            index += length;
        }

        return builder.ToString();
    }
}
