using System.Threading.Channels;

namespace McpGate.Testing.Time;

/// <summary>
/// The system clock, but every timer (every <c>Task.Delay(d, timeProvider)</c>) waits until the
/// test fires it. A test takes timers in the order they are created with <see cref="NextTimerAsync"/>,
/// reads how long the code meant to wait, and fires them: one background pass per timer, counted
/// exactly, without real waiting.
/// </summary>
public sealed class SteppedTimeProvider : TimeProvider
{
    private readonly Channel<SteppedTimer> _created = Channel.CreateUnbounded<SteppedTimer>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(callback, state, dueTime);
        _created.Writer.TryWrite(timer);
        return timer;
    }

    /// <summary>The next timer created (skipping disposed ones), within <paramref name="timeout"/>.</summary>
    public async Task<SteppedTimer> NextTimerAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var timer = await _created.Reader.ReadAsync(cancel.Token);
            if (!timer.IsDisposed)
            {
                return timer;
            }
        }
    }
}
