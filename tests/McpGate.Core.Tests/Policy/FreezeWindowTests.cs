using McpGate.Core.Manifests;
using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

public sealed class FreezeWindowTests
{
    private const string Rules = """
        rules:
          - { name: anywhere, tools: ['*'], namespaces: ['*'], effect: allow, approval: { count: 1 } }
        """;

    private static PolicyDecision Evaluate(string windows, string time, string ns = "prod", ToolAccess access = ToolAccess.Write)
    {
        var policy = PolicyYaml.Load(("p.yaml", "freezeWindows:\n" + windows + "\n" + Rules));
        return new PolicyEvaluator(policy).Evaluate(new PolicyRequest
        {
            Tool = "scale_deployment",
            Access = access,
            Namespace = ns,
            Cluster = "sandbox",
            Requester = "agent",
            Arguments = new Dictionary<string, object?>(),
            Time = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private const string Weekend = "  - { name: weekend, timeZone: Europe/Paris, days: [sat, sun], start: '00:00', end: '24:00', namespaces: [prod] }";

    public static TheoryData<string, bool> WeekendTimes => new()
    {
        { "2026-06-05T21:59:00Z", false }, // Friday 23:59 in Paris
        { "2026-06-05T22:00:00Z", true },  // Saturday 00:00 in Paris, still Friday in UTC
        { "2026-06-07T21:59:59Z", true },  // Sunday 23:59:59 in Paris
        { "2026-06-07T22:00:00Z", false }, // Monday 00:00 in Paris
        { "2026-06-06T12:00:00+02:00", true },
    };

    [Theory]
    [MemberData(nameof(WeekendTimes))]
    public void Evaluate_RecurringWindow_DeniesWritesInsideItOnly(string time, bool frozen)
    {
        var decision = Evaluate(Weekend, time);

        decision.Allowed.Should().Be(!frozen);
        decision.RuleName.Should().Be(frozen ? "freeze:weekend" : "anywhere");
        decision.DecisionReason.Should().Be(frozen ? DecisionReason.Frozen : DecisionReason.AllowedByRule);
        if (frozen)
        {
            decision.Reason.Should().Be("writes are frozen by window weekend (sat, sun 00:00-24:00 Europe/Paris), so scale_deployment in namespace prod on cluster sandbox must wait until it ends");
        }
    }

    [Fact]
    public void Evaluate_RecurringWindow_LeavesOtherNamespacesAndReadsAlone()
    {
        Evaluate(Weekend, "2026-06-06T12:00:00Z", ns: "demo").Allowed.Should().BeTrue();
        Evaluate(Weekend, "2026-06-06T12:00:00Z", access: ToolAccess.Read).RuleName.Should().Be("read-passthrough");
    }

    private const string FridayNight = "  - { name: friday-night, timeZone: UTC, days: [fri], start: '22:00', end: '06:00' }";

    public static TheoryData<string, bool> OfficeHoursTimes => new()
    {
        { "2026-06-03T08:59:59.9999999Z", false },
        { "2026-06-03T09:00:00Z", true },
        { "2026-06-03T16:59:59.9999999Z", true },
        { "2026-06-03T17:00:00Z", false },
    };

    [Theory]
    [MemberData(nameof(OfficeHoursTimes))]
    public void Evaluate_WindowWithinOneDay_CoversFromStartInclusiveToEndExclusive(string time, bool frozen)
    {
        var decision = Evaluate("  - { name: office, timeZone: UTC, start: '09:00', end: '17:00', namespaces: [prod] }", time);

        decision.Allowed.Should().Be(!frozen);
    }

    public static TheoryData<string, bool> WrapAroundTimes => new()
    {
        { "2026-01-16T21:59:00Z", false }, // Friday before the start
        { "2026-01-16T22:00:00Z", true },  // Friday at the start
        { "2026-01-16T23:30:00Z", true },
        { "2026-01-17T05:59:00Z", true },  // Saturday morning, in the window that started Friday
        { "2026-01-17T06:00:00Z", false }, // end is exclusive
        { "2026-01-17T23:00:00Z", false }, // Saturday night: Saturday is not a start day
        { "2026-01-16T05:00:00Z", false }, // Friday morning belongs to Thursday night
        { "2026-01-15T23:00:00Z", false }, // Thursday night
    };

    [Theory]
    [MemberData(nameof(WrapAroundTimes))]
    public void Evaluate_WindowWrappingMidnight_CoversTheNightAfterEachStartDay(string time, bool frozen)
    {
        Evaluate(FridayNight, time).Allowed.Should().Be(!frozen);
    }

    private const string BusinessHours = "  - { name: business-hours, timeZone: Europe/Paris, days: [mon, tue, wed, thu, fri], start: '09:00', end: '17:00' }";

    public static TheoryData<string, bool> DaylightSavingTimes => new()
    {
        { "2026-01-15T07:30:00Z", false }, // winter (UTC+1): 08:30 local
        { "2026-01-15T08:30:00Z", true },  // 09:30 local
        { "2026-01-15T15:30:00Z", true },  // 16:30 local
        { "2026-01-15T16:30:00Z", false }, // 17:30 local
        { "2026-07-15T07:30:00Z", true },  // summer (UTC+2): 09:30 local
        { "2026-07-15T06:30:00Z", false }, // 08:30 local
        { "2026-07-15T14:30:00Z", true },  // 16:30 local
        { "2026-07-15T15:30:00Z", false }, // 17:30 local, though 16:30 in winter time
    };

    [Theory]
    [MemberData(nameof(DaylightSavingTimes))]
    public void Evaluate_WindowInAZoneWithDaylightSaving_FollowsLocalWallClock(string time, bool frozen)
    {
        Evaluate(BusinessHours, time).Allowed.Should().Be(!frozen);
    }

    public static TheoryData<string, bool> ClockChangeDayTimes => new()
    {
        { "2026-03-29T00:30:00Z", true },  // 01:30 CET, before clocks go forward at 02:00
        { "2026-03-29T01:30:00Z", true },  // 03:30 CEST
        { "2026-03-29T02:30:00Z", false }, // 04:30 CEST (03:30 if the offset were fixed)
        { "2026-10-25T02:30:00Z", true },  // 03:30 CET, after clocks go back
        { "2026-10-25T03:30:00Z", false }, // 04:30 CET
    };

    [Theory]
    [MemberData(nameof(ClockChangeDayTimes))]
    public void Evaluate_WindowOnTheDayClocksChange_FollowsLocalWallClock(string time, bool frozen)
    {
        const string night = "  - { name: maintenance, timeZone: Europe/Paris, start: '01:00', end: '04:00' }";

        Evaluate(night, time).Allowed.Should().Be(!frozen);
    }

    public static TheoryData<string, bool> OneOffTimes => new()
    {
        { "2026-12-19T23:59:59Z", false },
        { "2026-12-20T00:00:00Z", true },
        { "2027-01-03T23:59:59Z", true },
        { "2027-01-04T00:00:00Z", false },
        { "2026-12-20T00:30:00+01:00", false }, // 23:30 UTC the day before
    };

    [Theory]
    [MemberData(nameof(OneOffTimes))]
    public void Evaluate_OneOffWindow_CoversFromInclusiveToExclusive(string time, bool frozen)
    {
        const string release = "  - { name: release-freeze, from: '2026-12-20T00:00:00Z', to: '2027-01-04T00:00:00Z' }";

        var decision = Evaluate(release, time, ns: "anything");

        decision.Allowed.Should().Be(!frozen);
        if (frozen)
        {
            decision.RuleName.Should().Be("freeze:release-freeze");
            decision.Reason.Should().Contain("(from 2026-12-20T00:00:00Z to 2027-01-04T00:00:00Z)");
        }
    }
}
