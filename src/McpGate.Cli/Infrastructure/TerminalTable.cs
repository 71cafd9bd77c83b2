using Spectre.Console;

namespace McpGate.Cli.Infrastructure;

/// <summary>A table (or a borderless label/value grid) whose cells are always escaped.</summary>
internal sealed class TerminalTable
{
    private readonly Table _table;
    private readonly List<string> _columns;

    private TerminalTable(Table table, IEnumerable<string> columns)
    {
        _table = table;
        _columns = [.. columns];
    }

    /// <summary>A rounded table with a header row; <paramref name="title"/> and the column names are ours.</summary>
    public static TerminalTable WithColumns(string? title, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns(columns.Select(Markup.Escape).ToArray());
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }

        return new TerminalTable(table, columns);
    }

    /// <summary>Label / value rows without borders or header, labels in bold.</summary>
    public static TerminalTable Grid() =>
        new(new Table().Border(TableBorder.None).HideHeaders().AddColumn(string.Empty).AddColumn(string.Empty), []);

    /// <summary>
    /// Cells of these columns (by header) are never wrapped: ids must stay one string an operator can
    /// copy. Narrow terminals shrink and wrap the other columns instead.
    /// </summary>
    public TerminalTable KeepWhole(params string[] columns)
    {
        foreach (var name in columns)
        {
            var index = _columns.IndexOf(name);
            if (index < 0)
            {
                throw new ArgumentException($"no column named {name}", nameof(columns));
            }

            _table.Columns[index].NoWrap = true;
        }

        return this;
    }

    public TerminalTable AddRow(params TerminalCell[] cells)
    {
        _table.AddRow(cells.Select(c => c.ToMarkup()).ToArray());
        return this;
    }

    /// <summary>A grid row: <paramref name="label"/> (ours) in bold, then the value.</summary>
    public TerminalTable AddField(string label, TerminalCell value) => AddRow(TerminalCell.Styled("bold", label), value);

    /// <summary>A grid row only when there is a value (<see cref="AddField"/> shows a missing one as <c>-</c>).</summary>
    public TerminalTable AddFieldIfAny(string label, TerminalCell? value) => value is { Text: not null } cell ? AddField(label, cell) : this;

    internal Table Renderable => _table;
}
