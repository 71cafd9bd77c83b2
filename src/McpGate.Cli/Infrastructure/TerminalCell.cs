namespace McpGate.Cli.Infrastructure;

/// <summary>
/// One table or grid cell: untrusted text, optionally in a style of ours (<c>green</c>,
/// <c>bold</c>). A string converts to a plain cell; the text is escaped when it is rendered.
/// </summary>
internal readonly record struct TerminalCell(string? Text, string? Style = null)
{
    public static implicit operator TerminalCell(string? text) => new(text);

    public static TerminalCell Styled(string style, string? text) => new(text, style);

    public static TerminalCell FromString(string? text) => new(text);

    internal string ToMarkup()
    {
        var escaped = TerminalMarkup.Escape(Text ?? "-");
        return Style is null ? escaped : $"[{Style}]{escaped}[/]";
    }
}
