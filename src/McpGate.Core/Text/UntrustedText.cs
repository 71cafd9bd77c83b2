using System.Globalization;
using System.Text;

namespace McpGate.Core.Text;

/// <summary>
/// Text written by one party and read by another (an agent's reason, an approver's comment,
/// a cluster's error message, a policy author's rule name) on a terminal. Control characters
/// (C0, DEL, C1: the start of every ESC, CSI and OSC sequence) and invisible or
/// direction-changing characters are made visible as <c>\uXXXX</c> (or <c>\UXXXXXXXX</c>),
/// never passed through and never silently dropped, so the reader sees that they were there.
/// </summary>
public static class UntrustedText
{
    /// <summary>The characters shown escaped, and refused in reasons and comments.</summary>
    public static bool IsUnsafe(Rune rune)
    {
        var value = rune.Value;
        if (value < 0x20 || value is >= 0x7F and <= 0x9F)
        {
            return true;
        }

        // Hangul fillers, braille blank, combining grapheme joiner, Khmer inherent vowels and
        // Mongolian selectors render as nothing, though Unicode does not class them as format.
        if (value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x034F or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F))
        {
            return true;
        }

        // Format (zero-width, bidi embeddings, overrides and isolates, BOM, tags U+E0000-E007F),
        // line and paragraph separators, and lone surrogates.
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;
    }

    /// <summary>The text with every unsafe character escaped; an empty string for null.</summary>
    public static string Escape(string? text) => EscapeWhere(text, IsUnsafe, upperHex: false);

    /// <summary>
    /// The text with every character <paramref name="escape"/> picks, and every lone surrogate,
    /// written as <c>\uXXXX</c> (or <c>\UXXXXXXXX</c>); an empty string for null. The one escaping
    /// loop for the display rule here and the stricter input rule of string parameters.
    /// </summary>
    internal static string EscapeWhere(string? text, Func<Rune, bool> escape, bool upperHex)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (FindWhere(text, escape) is null)
        {
            return text;
        }

        var (bmp, astral) = upperHex ? ("\\u{0:X4}", "\\U{0:X8}") : ("\\u{0:x4}", "\\U{0:x8}");
        var builder = new StringBuilder(text.Length + 16);
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate: show the code unit itself.
                builder.AppendFormat(CultureInfo.InvariantCulture, bmp, (int)text[index]);
                index++;
                continue;
            }

            if (escape(rune))
            {
                builder.AppendFormat(CultureInfo.InvariantCulture, rune.IsBmp ? bmp : astral, rune.Value);
            }
            else
            {
                builder.Append(text, index, consumed);
            }

            index += consumed;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Escaped and in double quotes, with inner quotes escaped: text that reads like a verdict
    /// ("APPROVED by alice") stays visibly someone's words, never a line of the gate's own.
    /// </summary>
    public static string Quote(string? text) => "\"" + Escape(text).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The code point of the first unsafe character (a lone surrogate's code unit), or null when there is none.</summary>
    public static int? FindUnsafe(string? text) => FindWhere(text, IsUnsafe)?.Value;

    /// <summary>The first character <paramref name="escape"/> picks, or lone surrogate (its code unit), with its index; null when there is none.</summary>
    internal static (int Value, int Index)? FindWhere(string? text, Func<Rune, bool> escape)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return (text[index], index);
            }

            if (escape(rune))
            {
                return (rune.Value, index);
            }

            index += consumed;
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="text"/> may not be stored as a reason or comment, naming
    /// <paramref name="field"/> and the character as U+XXXX; null when it is acceptable.
    /// </summary>
    public static string? Refusal(string field, string? text)
    {
        if (FindUnsafe(text) is not { } value)
        {
            return null;
        }

        var kind = value < 0x20 || value is >= 0x7F and <= 0x9F ? "a control character" : "an invisible or direction-changing character";
        return string.Create(CultureInfo.InvariantCulture,
            $"{field} contains U+{value:X4}, {kind}: it is shown on other people's terminals, so control and invisible characters are refused; write plain text on one line");
    }
}
