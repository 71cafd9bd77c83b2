using McpGate.Core.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>The sentence a waiting change shows: whether it may run when the freeze ends, or fails first.</summary>
public sealed class WaitReasonTests
{
    private static readonly DateTimeOffset Expires = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<DateTimeOffset?, string> Cases => new()
    {
        { Expires.AddMinutes(-1), "waiting for freeze:launch to end at 2026-12-01T11:59:00.0000000+00:00; it may run then (the proof expires at 2026-12-01T12:00:00.0000000+00:00)" },
        { Expires, "waiting for freeze:launch to end at 2026-12-01T12:00:00.0000000+00:00, but the proof expires first, at 2026-12-01T12:00:00.0000000+00:00: the change will fail unless the freeze is lifted before then" },
        { Expires.AddMinutes(1), "waiting for freeze:launch to end at 2026-12-01T12:01:00.0000000+00:00, but the proof expires first, at 2026-12-01T12:00:00.0000000+00:00: the change will fail unless the freeze is lifted before then" },
        { null, "waiting for freeze:launch to end (no end within a year); the proof expires at 2026-12-01T12:00:00.0000000+00:00 and the change will fail then" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WaitReason_FreezeEndAgainstProofExpiry_SaysWhetherItMayRun(DateTimeOffset? until, string expected) =>
        ChangeEngine.WaitReason("freeze:launch", until, Expires).Should().Be(expected);
}
