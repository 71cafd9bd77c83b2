using System.Text;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Hosting;

/// <summary>
/// Logs to stderr (stdout belongs to the MCP stdio transport), one line per entry, in the console
/// logger's simple single-line format: <c>info: Category[EventId] Message</c>, line breaks in the
/// message and an exception's text on the same line. No colors, no scopes. Made without a service
/// container: <c>serve</c>'s logging is ready at once, where building the console logger's options and
/// formatters took a good part of the time to the first <c>tools/list</c>. Each line is one write to
/// a synchronized writer, so lines from several threads never interleave.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter? writer = null) : ILoggerProvider
{
    private readonly TextWriter _writer = writer ?? Console.Error;

    public ILogger CreateLogger(string categoryName) => new StderrLogger(categoryName, _writer);

    public void Dispose()
    {
        // Stderr is the process's; nothing of it is ours to close.
    }
}

/// <summary>One category's logger of <see cref="StderrLoggerProvider"/>; which levels it writes is the logger factory's filters' choice.</summary>
internal sealed class StderrLogger(string category, TextWriter writer) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        if (string.IsNullOrEmpty(message) && exception is null)
        {
            return;
        }

        writer.Write(Line(logLevel, category, eventId.Id, message, exception));
    }

    /// <summary>The line for one entry, with its line break.</summary>
    internal static string Line(LogLevel level, string category, int eventId, string? message, Exception? exception)
    {
        var line = new StringBuilder(category.Length + (message?.Length ?? 0) + 32);
        line.Append(LevelText(level)).Append(": ").Append(category).Append('[').Append(eventId).Append(']');
        if (!string.IsNullOrEmpty(message))
        {
            line.Append(' ').Append(message.Replace(Environment.NewLine, " ", StringComparison.Ordinal));
        }

        if (exception is not null)
        {
            line.Append(' ').Append(exception.ToString().Replace(Environment.NewLine, " ", StringComparison.Ordinal));
        }

        return line.Append(Environment.NewLine).ToString();
    }

    private static string LevelText(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
