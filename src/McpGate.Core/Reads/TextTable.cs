using System.Text;

namespace McpGate.Core.Reads;

/// <summary>kubectl-style plain tables: upper-case headers, columns padded with spaces, long cells cut.</summary>
public static class TextTable
{
    /// <summary>Cells longer than this are cut with an ellipsis; the structured content keeps them whole.</summary>
    public const int MaxCell = 60;

    public static string Render(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var cells = rows.Select(r => r.Select(Cut).ToList()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => i < r.Count ? r[i].Length : 0))).ToList();
        var text = new StringBuilder();
        Line(text, columns, widths);
        foreach (var row in cells)
        {
            Line(text, row, widths);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells, List<int> widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Count; i++)
        {
            var cell = i < cells.Count ? cells[i] : string.Empty;
            line.Append(i == widths.Count - 1 ? cell : cell.PadRight(widths[i] + 2));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static string Cut(string cell)
    {
        // One line per row: a newline inside a value would break the table.
        var flat = cell.ReplaceLineEndings(" ");
        return flat.Length <= MaxCell ? flat : string.Concat(flat.AsSpan(0, MaxCell - 3), "...");
    }
}
