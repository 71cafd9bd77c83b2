namespace McpGate.Server.Tests.Transport;

/// <summary>
/// A clock whose timers fire only when the test says so: <see cref="FireDue"/> runs every armed
/// timer due within the given time. Lets a test make an SDK client's probe time out exactly when
/// it wants, however slow the machine is.
/// </summary>
internal sealed class HeldTimeProvider : TimeProvider
{
    private readonly List<HeldTimer> _timers = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new HeldTimer(callback, state, dueTime);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Fires, once, every armed timer due within <paramref name="elapsed"/>.</summary>
    public void FireDue(TimeSpan elapsed)
    {
        HeldTimer[] due;
        lock (_timers)
        {
            due = [.. _timers.Where(t => t.IsDueWithin(elapsed))];
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class HeldTimer(TimerCallback callback, object? state, TimeSpan dueTime) : ITimer
    {
        private readonly object _gate = new();
        private TimeSpan _dueTime = dueTime;

        public bool IsDueWithin(TimeSpan elapsed)
        {
            lock (_gate)
            {
                return _dueTime != Timeout.InfiniteTimeSpan && _dueTime <= elapsed;
            }
        }

        public void Fire()
        {
            lock (_gate)
            {
                _dueTime = Timeout.InfiniteTimeSpan;
            }

            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _dueTime = dueTime;
            }

            return true;
        }

        public void Dispose() => Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
