using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace McpGate.Testing.Logging;

/// <summary>
/// A logger that keeps what is logged (level, event id, message, exception) so tests can count
/// lines: a fault reported once, not once per pass.
/// </summary>
public sealed class LogCollector<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LoggedEntry> _entries = new();

    public IReadOnlyList<LoggedEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue(new LoggedEntry(logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
