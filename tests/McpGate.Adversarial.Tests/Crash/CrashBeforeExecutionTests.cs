using Xunit.Abstractions;

namespace McpGate.Adversarial.Tests.Crash;

/// <summary>
/// Crash trials before execution: a real <c>mcpgate serve</c> killed with SIGKILL just after a
/// change was proposed, proven, made pending or approved (stopped there by its test crash point, the
/// step checked in the ledger file before the kill), then started again on the same data directory.
/// A change killed before its proof was complete is never approvable and never applied; any other
/// is applied exactly once after the restart, and <c>mcpgate ledger verify</c> passes after every
/// trial. A class of its own so that xunit runs it alongside <see cref="CrashDuringExecutionTests"/>.
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashBeforeExecutionTests(ITestOutputHelper output)
{
    public static TheoryData<string> Points => [.. CrashStep.All.Where(s => !s.ApprovedBeforeKill || s.StateAtKill == "approved").Select(s => s.Point)];

    [Theory]
    [MemberData(nameof(Points))]
    public Task KillNine_AtStep_ChangeEndsExactlyOnce_AndTheLedgerVerifies(string point) =>
        CrashChain.RunAsync(point, output.WriteLine);
}
