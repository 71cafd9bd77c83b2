namespace McpGate.Adversarial.Tests.Crash;

/// <summary>
/// One step of a change at which a trial kills the server: the server's test crash point
/// (<c>MCPGATE_TEST_CRASH_POINT</c>), the last state the ledger shows at the kill, whether the
/// cluster write had happened by then, and whether the approval is given before the kill.
/// </summary>
public sealed record CrashStep
{
    public required string Point { get; init; }

    public required string StateAtKill { get; init; }

    public bool ApprovedBeforeKill { get; init; }

    public bool WrittenAtKill { get; init; }

    /// <summary>Killed before the proof was complete: the change can never be approved; the agent proposes again.</summary>
    public bool Orphaned => StateAtKill is "proposed" or "proven";

    /// <summary>Killed while an executor held the change: the restarted server must take its claim over from the dead process.</summary>
    public bool Claimed => StateAtKill is "executing" or "executed" or "verifying";

    public override string ToString() => Point;

    public static IReadOnlyList<CrashStep> All { get; } =
    [
        new() { Point = "after:proposed", StateAtKill = "proposed" },
        new() { Point = "after:proven", StateAtKill = "proven" },
        new() { Point = "after:pending_approval", StateAtKill = "pending_approval" },
        new() { Point = "after:approved", StateAtKill = "approved", ApprovedBeforeKill = true },
        new() { Point = "after:executing", StateAtKill = "executing", ApprovedBeforeKill = true },
        new() { Point = "before:executed", StateAtKill = "executing", ApprovedBeforeKill = true, WrittenAtKill = true },
        new() { Point = "after:executed", StateAtKill = "executed", ApprovedBeforeKill = true, WrittenAtKill = true },
        new() { Point = "after:verifying", StateAtKill = "verifying", ApprovedBeforeKill = true, WrittenAtKill = true },
    ];
}
