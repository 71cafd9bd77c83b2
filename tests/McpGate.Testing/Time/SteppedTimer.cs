namespace McpGate.Testing.Time;

/// <summary>A timer of <see cref="SteppedTimeProvider"/>: it fires when the test says so.</summary>
public sealed class SteppedTimer : ITimer
{
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private int _fired;

    internal SteppedTimer(TimerCallback callback, object? state, TimeSpan dueTime)
    {
        _callback = callback;
        _state = state;
        DueTime = dueTime;
    }

    /// <summary>How long the code asked to wait.</summary>
    public TimeSpan DueTime { get; private set; }

    public bool IsDisposed { get; private set; }

    /// <summary>Runs the callback once, as if <see cref="DueTime"/> had passed.</summary>
    public void Fire()
    {
        if (!IsDisposed && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            // On the thread pool, as a real timer fires: the awaiting code must not run inside the test.
            ThreadPool.QueueUserWorkItem(_ => _callback(_state));
        }
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        DueTime = dueTime;
        return !IsDisposed;
    }

    public void Dispose() => IsDisposed = true;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
