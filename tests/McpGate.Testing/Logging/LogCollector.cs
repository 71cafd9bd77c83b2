using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace McpGate.Testing.Logging;

/// <summary>
/// A logger that keeps what is logged (level, event id, message, exception) so tests can count
/// lines: a fault reported once, not once per pass. <see cref="WaitForAsync"/> waits for an event.
/// </summary>
public sealed class LogCollector<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LoggedEntry> _entries = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiters = new();

    public IReadOnlyList<LoggedEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue(new LoggedEntry(logLevel, eventId.Id, formatter(state, exception), exception));
        Waiter(eventId.Id).TrySetResult();
    }

    /// <summary>Completes when an entry with <paramref name="eventId"/> has been logged; fails after <paramref name="timeout"/>.</summary>
    public Task WaitForAsync(int eventId, TimeSpan timeout)
    {
        if (_entries.Any(e => e.EventId == eventId))
        {
            return Task.CompletedTask;
        }

        return Waiter(eventId).Task.WaitAsync(timeout);
    }

    private TaskCompletionSource Waiter(int eventId) =>
        _waiters.GetOrAdd(eventId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
