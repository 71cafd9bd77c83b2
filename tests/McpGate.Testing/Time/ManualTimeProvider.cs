namespace McpGate.Testing.Time;

/// <summary>
/// A clock that moves only when told to. Its timers (CreateTimer, and so Task.Delay and
/// CancelAfter on this provider) fire only inside <see cref="Advance"/>, on the caller's thread, in
/// due order, once the clock has reached their due time.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (NextDue(target) is { } timer)
        {
            timer.Fire();
        }

        lock (_gate)
        {
            _now = target;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Schedules (or, with a null due time, cancels) a timer; called by <see cref="ManualTimer"/>.</summary>
    internal void Schedule(ManualTimer timer, TimeSpan? dueIn)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueIn is { } delay)
            {
                timer.Due = _now + delay;
                _timers.Add(timer);
            }
        }
    }

    /// <summary>The earliest timer due by <paramref name="target"/>, with the clock moved to its due time and the timer unscheduled.</summary>
    private ManualTimer? NextDue(DateTimeOffset target)
    {
        lock (_gate)
        {
            var next = _timers.Where(t => t.Due <= target).MinBy(t => t.Due);
            if (next is null)
            {
                return null;
            }

            _timers.Remove(next);
            if (next.Due > _now)
            {
                _now = next.Due;
            }

            return next;
        }
    }
}
