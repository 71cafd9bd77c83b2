using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// The only way the CLI writes to stdout and stderr. Lines, markup and tables take interpolated
/// strings or cells whose values are escaped on the way (see <see cref="TerminalText"/>), so
/// text from an agent, an approver, a cluster or a policy author can never move the cursor,
/// rewrite a line, set the clipboard or hide characters. Colour and styles are written only to
/// a terminal: never when the stream is redirected, <c>NO_COLOR</c> is set, or <c>TERM=dumb</c>.
/// </summary>
internal sealed class Terminal
{
    private static readonly Lazy<Terminal> s_out = new(() => Create(Console.Out, Console.IsOutputRedirected));
    private static readonly Lazy<Terminal> s_error = new(() => Create(Console.Error, Console.IsErrorRedirected));
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private readonly TextWriter _writer;
    private readonly IAnsiConsole _console;

    private Terminal(TextWriter writer, IAnsiConsole console, bool styled)
    {
        _writer = writer;
        _console = console;
        Styled = styled;
    }

    /// <summary>Standard output.</summary>
    public static Terminal Out => s_out.Value;

    /// <summary>Standard error: errors and warnings.</summary>
    public static Terminal Error => s_error.Value;

    /// <summary>Whether colour and styles are written (a terminal, no NO_COLOR, TERM not dumb).</summary>
    public bool Styled { get; }

    /// <summary>The width tables are laid out for: the terminal's, <c>COLUMNS</c>, or 200 for a pipe.</summary>
    public int Width => _console.Profile.Width;

    /// <summary>Whether this process may style a stream, given whether it is redirected and the environment.</summary>
    public static bool MayStyle(bool redirected, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return !redirected
            && string.IsNullOrEmpty(environment("NO_COLOR"))
            && !string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
    }

    public void Line() => _writer.WriteLine();

    /// <summary>One line; every interpolated value is escaped.</summary>
    public void Line(TerminalText text) => _writer.WriteLine(text.ToString());

    /// <summary>One line of markup; every interpolated value is escaped for the terminal and for markup.</summary>
    public void Markup(TerminalMarkup markup)
    {
        _console.MarkupLine(markup.ToString());
        _writer.Flush();
    }

    public void Write(TerminalTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _console.Write(table.Renderable);
        _writer.Flush();
    }

    /// <summary>JSON, indented; the default encoder writes control and non-ASCII characters as <c>\uXXXX</c>.</summary>
    public void Json(JsonNode? node) => _writer.WriteLine(node?.ToJsonString(s_indented) ?? "null");

    /// <summary>
    /// Bulk data from a writer that escapes every unsafe character itself: the audit export's JSON
    /// Lines (the default JSON encoder: control and non-ASCII characters as <c>\uXXXX</c>) and its
    /// CSV (cells through <c>UntrustedText.Escape</c>).
    /// </summary>
    public async Task<T> DataAsync<T>(Func<TextWriter, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var result = await write(_writer).ConfigureAwait(false);
        await _writer.FlushAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>A usable width from <c>COLUMNS</c>; null when unset or not a number from 20 to 1000.</summary>
    internal static int? Columns(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns is >= 20 and <= 1000
            ? columns
            : null;

    private static Terminal Create(TextWriter writer, bool redirected)
    {
        var styled = MayStyle(redirected, Environment.GetEnvironmentVariable);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = styled ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = styled ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = styled ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (Columns(Environment.GetEnvironmentVariable("COLUMNS")) is { } columns)
        {
            // The shell's COLUMNS, as other tools honour it (a terminal multiplexer, a test, a CI log).
            console.Profile.Width = columns;
        }
        else if (redirected)
        {
            // A pipe has no width; wide enough that a line of a table is one line for grep.
            console.Profile.Width = 200;
        }

        return new Terminal(writer, console, styled);
    }
}
