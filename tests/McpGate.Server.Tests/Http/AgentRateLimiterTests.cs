using McpGate.Server.Http;
using McpGate.Testing.Time;

namespace McpGate.Server.Tests.Http;

public sealed class AgentRateLimiterTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryCall_AllowsABurstOfTheLimit_ThenSaysHowLongToWait()
    {
        var limiter = new AgentRateLimiter(callsPerMinute: 6, writesPerMinute: 1, _clock);

        Enumerable.Range(0, 6).Select(_ => limiter.TryCall("ci-bot")).ToList().Should().AllSatisfy(w => w.Should().BeNull());
        var wait = limiter.TryCall("ci-bot");

        wait.Should().BeCloseTo(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1), "6 a minute refill one every 10 s");
    }

    [Fact]
    public void TryCall_RefillsAtTheLimitsPace()
    {
        var limiter = new AgentRateLimiter(6, 1, _clock);
        for (var i = 0; i < 6; i++)
        {
            limiter.TryCall("ci-bot");
        }

        _clock.Advance(TimeSpan.FromSeconds(4));
        limiter.TryCall("ci-bot").Should().BeCloseTo(TimeSpan.FromSeconds(6), TimeSpan.FromMilliseconds(1));
        _clock.Advance(TimeSpan.FromSeconds(6));
        limiter.TryCall("ci-bot").Should().BeNull();
        limiter.TryCall("ci-bot").Should().BeCloseTo(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Limits_ArePerIdentity_AndWritesHaveTheirOwnBucket()
    {
        var limiter = new AgentRateLimiter(2, 1, _clock);
        limiter.TryCall("ci-bot");
        limiter.TryCall("ci-bot");
        limiter.TryWrite("ci-bot").Should().BeNull();

        limiter.TryCall("ci-bot").Should().NotBeNull();
        limiter.TryWrite("ci-bot").Should().Be(TimeSpan.FromMinutes(1));
        limiter.TryCall("alice").Should().BeNull("another identity has its own bucket");
        limiter.TryWrite("alice").Should().BeNull();
    }

    [Fact]
    public void Prune_ForgetsOnlyBucketsThatHaveRefilled()
    {
        var limiter = new AgentRateLimiter(60, 6, _clock);
        limiter.TryCall("ci-bot");
        limiter.TryWrite("ci-bot");
        _clock.Advance(TimeSpan.FromSeconds(5));
        limiter.TryCall("alice");

        limiter.Prune();
        limiter.Tracked.Should().Be(2, "ci-bot's call bucket refilled after 1 s, its write bucket needs 10 s, alice's call bucket is not full");

        _clock.Advance(TimeSpan.FromSeconds(10));
        limiter.Prune();
        limiter.Tracked.Should().Be(0);
    }
}
