using McpGate.Cli.Commands;
using McpGate.Cli.Infrastructure;
using McpGate.Core.Changes;

namespace McpGate.Cli.Tests.Commands;

/// <summary>The parsing rules of <c>changes list</c>'s filters (the process tests run them through the real CLI).</summary>
public sealed class ChangeListFilterTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, DateTimeOffset> Times => new()
    {
        { "90s", s_now.AddSeconds(-90) },
        { "90m", s_now.AddMinutes(-90) },
        { "24h", s_now.AddHours(-24) },
        { "7d", s_now.AddDays(-7) },
        { "2w", s_now.AddDays(-14) },
        { "0h", s_now },
        { "2026-11-30T10:00:00Z", new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero) },
        { "2026-11-30T10:00Z", new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero) },
        { "2026-11-30T11:00:00+01:00", new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero) },
        { "2026-11-30T10:00:00.123-02:30", new DateTimeOffset(2026, 11, 30, 12, 30, 0, 123, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void ParseTime_IsoWithOffsetOrDuration_IsThatInstant(string text, DateTimeOffset expected)
    {
        ChangeListFilter.ParseTime(text, s_now).Should().Be(expected);
    }

    [Theory]
    [InlineData("24H")]
    [InlineData("1h30m")]
    [InlineData(" 24h")]
    [InlineData("24h\n")]
    [InlineData("2026-11-30T10:00:00")]
    [InlineData("2026-11-30 10:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("999999999999w")]
    [InlineData("today")]
    [InlineData("")]
    public void ParseTime_AnythingElse_IsRefused(string text)
    {
        ChangeListFilter.ParseTime(text, s_now).Should().BeNull();
    }

    [Fact]
    public void Parse_EveryFilter_IsTypedAndIdentitiesCanonical()
    {
        var filter = ChangeListFilter.Parse("verified,failed", "scale_deployment", "demo", "Agent", "ALICE", "24h", "2026-11-30T11:00:00Z", "7", s_now);

        filter.States.Should().BeEquivalentTo([ChangeState.Verified, ChangeState.Failed]);
        (filter.Tool, filter.Namespace, filter.Requester, filter.Approver).Should().Be(("scale_deployment", "demo", "agent", "alice"));
        filter.Since.Should().Be(s_now.AddHours(-24));
        filter.Until.Should().Be(s_now.AddHours(-1));
        filter.Limit.Should().Be(7);
        filter.ReadsDocument.Should().BeTrue();
    }

    [Fact]
    public void Parse_Nothing_IsEverythingUpToTheDefaultLimit()
    {
        var filter = ChangeListFilter.Parse(null, null, null, null, null, null, null, null, s_now);

        filter.States.Should().BeEmpty();
        filter.Limit.Should().Be(ChangeListFilter.DefaultLimit);
        filter.ReadsDocument.Should().BeFalse();
    }

    [Fact]
    public void Parse_SinceAfterUntil_IsRefused()
    {
        var parse = () => ChangeListFilter.Parse(null, null, null, null, null, "1h", "2h", null, s_now);

        parse.Should().Throw<CliInputException>().WithMessage("--since (2026-11-30T11:00:00.0000000+00:00) is after --until (2026-11-30T10:00:00.0000000+00:00): no change can be in that range");
    }

    [Theory]
    [InlineData(12, "12 ms")]
    [InlineData(999, "999 ms")]
    [InlineData(1_234, "1.234 s")]
    [InlineData(125_000, "2m05s")]
    [InlineData(3 * 3_600_000 + 120_000, "3h02m")]
    [InlineData(2 * 86_400_000L + 4 * 3_600_000, "2d04h")]
    public void Duration_IsShownInTheLargestUsefulUnit(long milliseconds, string shown)
    {
        ChangesCommand.Duration(milliseconds).Should().Be(shown);
    }
}
