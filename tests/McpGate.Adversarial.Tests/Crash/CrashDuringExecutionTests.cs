using Xunit.Abstractions;

namespace McpGate.Adversarial.Tests.Crash;

/// <summary>
/// Crash trials from execution on: a real <c>mcpgate serve</c> killed with SIGKILL while a change
/// is executing (before its write is sent, and after the cluster applied it but before the ledger
/// says so), executed or verifying, then started again on the same data directory. The restarted
/// server takes the dead executor's claim over, reconciles against the cluster instead of writing
/// again, and the deployment shows exactly one write; <c>mcpgate ledger verify</c> passes after every trial.
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashDuringExecutionTests(ITestOutputHelper output)
{
    public static TheoryData<string> Points => [.. CrashStep.All.Where(s => s.Claimed).Select(s => s.Point)];

    [Theory]
    [MemberData(nameof(Points))]
    public Task KillNine_AtStep_ChangeEndsExactlyOnce_AndTheLedgerVerifies(string point) =>
        CrashChain.RunAsync(point, output.WriteLine);
}
