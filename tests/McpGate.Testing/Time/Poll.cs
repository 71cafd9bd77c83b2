using FluentAssertions;

namespace McpGate.Testing.Time;

/// <summary>Waiting for a condition another thread or process makes true: polled, with a deadline as a safety net.</summary>
public static class Poll
{
    /// <summary>The default deadline: long enough for a loaded machine, so that a timeout means a real failure.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Returns once <paramref name="condition"/> holds, checking every 10 ms; fails the test, saying
    /// "timed out waiting until <paramref name="what"/>", when it still does not after <paramref name="timeout"/>.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"timed out waiting until {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        }
    }
}
