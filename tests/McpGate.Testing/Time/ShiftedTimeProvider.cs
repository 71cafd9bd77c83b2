namespace McpGate.Testing.Time;

/// <summary>
/// Real time plus an offset the test moves forward: timers and delays run for real, while
/// "now" can jump (an hour later, past an expiry) without waiting.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
