using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

/// <summary>Freeze windows built in code with parts missing: they cover nothing, and say what they lack.</summary>
public sealed class FreezeWindowShapeTests
{
    private static readonly DateTimeOffset s_time = new(2026, 1, 17, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Incomplete => new() { "nothing", "from only", "to only", "zone only", "zone and start", "zone and end", "start and end without zone" };

    [Theory]
    [MemberData(nameof(Incomplete))]
    public void Covers_WindowWithoutACompleteSchedule_CoversNothing(string parts)
    {
        var utc = TimeZoneInfo.Utc;
        var window = parts switch
        {
            "nothing" => new FreezeWindow { Name = "w" },
            "from only" => new FreezeWindow { Name = "w", From = s_time.AddDays(-1) },
            "to only" => new FreezeWindow { Name = "w", To = s_time.AddDays(1) },
            "zone only" => new FreezeWindow { Name = "w", TimeZoneId = "UTC", TimeZone = utc },
            "zone and start" => new FreezeWindow { Name = "w", TimeZoneId = "UTC", TimeZone = utc, Start = TimeSpan.Zero },
            "zone and end" => new FreezeWindow { Name = "w", TimeZoneId = "UTC", TimeZone = utc, End = TimeSpan.FromHours(24) },
            _ => new FreezeWindow { Name = "w", Start = TimeSpan.Zero, End = TimeSpan.FromHours(24) },
        };

        window.Covers(s_time, "demo").Should().BeFalse();
        window.Covers(s_time, null).Should().BeFalse();
    }

    [Fact]
    public void Covers_CompleteWindowBuiltInCode_CoversItsHours()
    {
        var window = new FreezeWindow { Name = "w", TimeZoneId = "UTC", TimeZone = TimeZoneInfo.Utc, Start = TimeSpan.FromHours(11), End = TimeSpan.FromHours(13) };

        window.Covers(s_time, null).Should().BeTrue();
        window.Covers(s_time.AddHours(2), null).Should().BeFalse();
        window.IsRecurring.Should().BeTrue();
    }

    [Fact]
    public void Describe_MissingClockTimes_ShowAQuestionMark()
    {
        new FreezeWindow { Name = "w", TimeZoneId = "UTC", Start = TimeSpan.FromHours(1) }.Describe().Should().Be("every day 01:00-? UTC");
        new FreezeWindow { Name = "w", TimeZoneId = "UTC", End = TimeSpan.FromMinutes(90) }.Describe().Should().Be("every day ?-01:30 UTC");
    }

    [Fact]
    public void Describe_OneOffWindowWithOffsets_KeepsEachOffset()
    {
        var window = new FreezeWindow
        {
            Name = "w",
            From = new DateTimeOffset(2026, 12, 20, 8, 0, 0, TimeSpan.FromHours(-5)),
            To = new DateTimeOffset(2026, 12, 21, 0, 0, 0, TimeSpan.Zero),
        };

        window.Describe().Should().Be("from 2026-12-20T08:00:00-05:00 to 2026-12-21T00:00:00Z");
        window.IsRecurring.Should().BeFalse();
    }
}
