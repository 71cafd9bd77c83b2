namespace McpGate.Testing.Time;

/// <summary>A timer of <see cref="ManualTimeProvider"/>: it fires only when that clock is advanced past its due time.</summary>
internal sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
{
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private int _changes;
    private bool _disposed;

    /// <summary>When the timer fires next; meaningful only while it is scheduled (guarded by the clock).</summary>
    public DateTimeOffset Due { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (Volatile.Read(ref _disposed))
        {
            return false;
        }

        _period = period;
        Interlocked.Increment(ref _changes);
        clock.Schedule(this, dueTime == Timeout.InfiniteTimeSpan ? null : dueTime);
        return true;
    }

    /// <summary>
    /// Runs the callback, then schedules the next period, if any, from the due time just reached
    /// (unless the callback itself changed the timer).
    /// </summary>
    public void Fire()
    {
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        var changes = Volatile.Read(ref _changes);
        var period = _period;
        callback(state);
        if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero && !Volatile.Read(ref _disposed) && Volatile.Read(ref _changes) == changes)
        {
            clock.Schedule(this, period);
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        clock.Schedule(this, null);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
