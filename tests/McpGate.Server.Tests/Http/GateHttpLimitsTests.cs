using System.Net;
using McpGate.Server.Http;

namespace McpGate.Server.Tests.Http;

public sealed class GateHttpLimitsTests
{
    public static TheoryData<string, TimeSpan> Durations => new()
    {
        { "1s", TimeSpan.FromSeconds(1) },
        { "90s", TimeSpan.FromSeconds(90) },
        { "30m", TimeSpan.FromMinutes(30) },
        { "168h", TimeSpan.FromDays(7) },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void ParseDuration_Accepts(string text, TimeSpan expected) =>
        GateHttpLimits.ParseDuration("--session-idle-timeout", text).Should().Be(expected);

    [Theory]
    [InlineData("0s")]
    [InlineData("169h")]
    [InlineData("30")]
    [InlineData("1d")]
    [InlineData("1.5h")]
    [InlineData(" 30m")]
    [InlineData("-5m")]
    [InlineData("99999999999s")]
    [InlineData("")]
    [InlineData(null)]
    public void ParseDuration_RefusesNamingTheOptionAndTheRule(string? text)
    {
        var parse = () => GateHttpLimits.ParseDuration("--session-idle-timeout", text);

        parse.Should().Throw<FormatException>().WithMessage("--session-idle-timeout *: must be a whole number of seconds, minutes or hours, e.g. 90s, 30m or 2h, from 1s to 168h");
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("600", 600)]
    [InlineData("1000000", 1_000_000)]
    public void ParseCount_Accepts(string text, int expected) =>
        GateHttpLimits.ParseCount("--calls-per-minute", text).Should().Be(expected);

    [Theory]
    [InlineData("0")]
    [InlineData("1000001")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1e3")]
    [InlineData("99999999999")]
    [InlineData(null)]
    public void ParseCount_RefusesNamingTheOptionAndTheRule(string? text)
    {
        var parse = () => GateHttpLimits.ParseCount("--calls-per-minute", text);

        parse.Should().Throw<FormatException>().WithMessage("--calls-per-minute *: must be a whole number from 1 to 1000000");
    }

    [Fact]
    public void Refusal_NamesBothOptions_WhenAPartExceedsTheWhole()
    {
        var options = new GateHttpOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), TokensPath = "tokens.yaml" };

        GateHttpLimits.Refusal(options).Should().BeNull("the defaults fit together");
        GateHttpLimits.Refusal(options with { MaxSessions = 5, MaxSessionsPerIdentity = 6 }).Should().Contain("--max-sessions-per-identity 6 is more than --max-sessions 5");
        GateHttpLimits.Refusal(options with { CallsPerMinute = 5, WritesPerMinute = 6 }).Should().Contain("--writes-per-minute 6 is more than --calls-per-minute 5");
    }

    [Theory]
    [InlineData(0.001, 1)]
    [InlineData(1, 1)]
    [InlineData(1.2, 2)]
    [InlineData(59.5, 60)]
    public void RetryAfterSeconds_RoundsUpToAWholeSecondAtLeastOne(double seconds, int expected) =>
        GateHttpLimits.RetryAfterSeconds(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
}
