using System.Globalization;
using System.Text;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// Text that came from an agent (reasons, names, summaries) is shown to approvers with control
/// and bidirectional-override characters removed, so it cannot rewrite the approver's
/// terminal or disguise what they are approving.
/// </summary>
internal static class Display
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder.Append('\uFFFD');
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>Cleaned and escaped for Spectre.Console markup.</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Clean(text));
}
