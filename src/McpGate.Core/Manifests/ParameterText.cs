using System.Globalization;
using System.Text;
using McpGate.Core.Text;

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

    /// <summary>The rule for a body parameter (<see cref="ParameterSpec.Multiline"/>): <see cref="Rule"/>, line breaks and tabs allowed.</summary>
    public const string MultilineRule =
        "must be visible text (line breaks and tabs allowed): no other control characters (NUL, U+0085...), "
        + "no line or paragraph separators (U+2028, U+2029), no format characters (zero-width, bidi controls, BOM), "
        + "no spaces other than U+0020, and no invisible fillers (U+3164, U+2800...)";

    /// <summary>The first character that breaks <see cref="Rule"/> (as U+XXXX) and its index, or null when the text is clean.</summary>
    public static (string CodePoint, int Index)? FindForbidden(string text) => FindForbidden(text, multiline: false);

    /// <summary>As <see cref="FindForbidden(string)"/>; with <paramref name="multiline"/>, line feeds, carriage returns and tabs pass.</summary>
    public static (string CodePoint, int Index)? FindForbidden(string text, bool multiline)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UntrustedText.FindWhere(text, r => IsForbidden(r) && !(multiline && r.Value is '\n' or '\r' or '\t')) is { } found
            ? (string.Create(CultureInfo.InvariantCulture, $"U+{found.Value:X4}"), found.Index)
            : null;
    }

    /// <summary>
    /// Everything the terminal escapes (<see cref="UntrustedText.IsUnsafe"/>), and more: private-use
    /// and unassigned code points, spaces other than U+0020, and variation selectors.
    /// </summary>
    public static bool IsForbidden(Rune rune) => UntrustedText.IsUnsafe(rune) || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => true,
        UnicodeCategory.SpaceSeparator => rune.Value != ' ',
        _ => rune.Value is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF),
    };

    /// <summary>The text with every forbidden character written as <c>\uXXXX</c>, safe to put in a message.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UntrustedText.EscapeWhere(text, IsForbidden, upperHex: true);
    }
}
