using System.Diagnostics;
using McpGate.Adversarial.Tests.ExecutorClaims;

namespace McpGate.Adversarial.Tests.Crash;

/// <summary>
/// Runs <see cref="TrialsPerStep"/> crash trials at one step in a chain on one sandbox and data
/// directory: the server restarted after a trial's kill recovers that trial's change and is the
/// one killed in the next trial, so the ledger grows across kills and every trial checks all of it.
/// </summary>
internal static class CrashChain
{
    public const int TrialsPerStep = 13;

    public static async Task RunAsync(string point, Action<string> log)
    {
        var step = CrashStep.All.Single(s => s.Point == point);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // a hang guard: about a minute on an idle 2-core machine
        var ct = timeout.Token;
        var names = Enumerable.Range(0, TrialsPerStep).Select(i => $"crash-{i:D2}").ToList();
        var clock = Stopwatch.StartNew();
        await using var gate = await SharedClusterGate.StartAsync(approvals: 1, names, ct);
        var trials = new CrashTrial(gate, step, log);
        var server = await trials.StartServerAsync(ct);

        foreach (var name in names)
        {
            server = await trials.RunAsync(server, name, ct);
        }

        trials.Completed.Should().Be(TrialsPerStep);
        log($"{TrialsPerStep} trials killed at {point} in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
