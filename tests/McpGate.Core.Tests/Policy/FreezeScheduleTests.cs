using System.Globalization;
using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

/// <summary>When a freeze ends: what a waiting change shows as the time it may run.</summary>
public sealed class FreezeScheduleTests
{
    private const string Rules = """
        rules:
          - { name: anywhere, tools: ['*'], namespaces: ['*'], effect: allow, approval: { count: 1 } }
        """;

    private static DateTimeOffset? FrozenUntil(string windows, string time, string ns = "prod") =>
        FreezeSchedule.FrozenUntil(PolicyYaml.Load(("p.yaml", "freezeWindows:\n" + windows + "\n" + Rules)).FreezeWindows, At(time), ns);

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture);

    private const string Weekend = "  - { name: weekend, timeZone: Europe/Paris, days: [sat, sun], start: '00:00', end: '24:00', namespaces: [prod] }";
    private const string Nightly = "  - { name: night, timeZone: UTC, start: '22:00', end: '06:00' }";
    private const string Overlapping = "  - { name: a, from: '2026-06-03T10:00:00Z', to: '2026-06-03T12:00:00Z' }\n  - { name: b, from: '2026-06-03T11:30:00Z', to: '2026-06-03T14:00:00Z' }";
    private const string SpringForward = "  - { name: early, timeZone: Europe/Paris, start: '01:00', end: '02:30' }";

    public static TheoryData<string, string, string, string> Ends => new()
    {
        // Saturday noon: the window runs on through Sunday, to Monday 00:00 in Paris.
        { Weekend, "2026-06-06T12:00:00Z", "prod", "2026-06-07T22:00:00Z" },
        // Not frozen: at once.
        { Weekend, "2026-06-05T12:00:00Z", "prod", "2026-06-05T12:00:00Z" },
        { Weekend, "2026-06-06T12:00:00Z", "demo", "2026-06-06T12:00:00Z" },
        // A window past midnight: from its start the end is tomorrow, after midnight it is today.
        { Nightly, "2026-06-03T23:00:00Z", "prod", "2026-06-04T06:00:00Z" },
        { Nightly, "2026-06-04T03:00:00Z", "prod", "2026-06-04T06:00:00Z" },
        // Windows that overlap chain: the first end is still frozen by the second.
        { Overlapping, "2026-06-03T10:30:00Z", "prod", "2026-06-03T14:00:00Z" },
        // 02:30 does not exist in Paris on 2026-03-29 (02:00 -> 03:00): the window ends at 03:00 CEST.
        { SpringForward, "2026-03-29T00:30:00Z", "prod", "2026-03-29T01:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Ends))]
    public void FrozenUntil_Windows_GivesTheFirstUnfrozenTime(string windows, string time, string ns, string expected) =>
        FrozenUntil(windows, time, ns).Should().Be(At(expected));

    [Fact]
    public void FrozenUntil_AFreezeThatNeverEnds_IsNull() =>
        FrozenUntil("  - { name: always, timeZone: UTC, start: '00:00', end: '24:00' }", "2026-06-03T10:00:00Z").Should().BeNull();

    [Fact]
    public void FrozenUntil_TheResult_IsNoLongerFrozen()
    {
        var policy = PolicyYaml.Load(("p.yaml", "freezeWindows:\n" + Weekend + "\n" + Nightly + "\n" + Rules));
        var end = FreezeSchedule.FrozenUntil(policy.FreezeWindows, At("2026-06-06T12:00:00Z"), "prod");

        end.Should().NotBeNull();
        policy.FreezeWindows.Should().NotContain(w => w.Covers(end!.Value, "prod"));
        policy.FreezeWindows.Should().Contain(w => w.Covers(end!.Value.AddSeconds(-1), "prod"), "it is the first such time, not a later one");
    }
}
