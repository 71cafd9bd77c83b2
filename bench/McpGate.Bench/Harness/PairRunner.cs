using System.Diagnostics;

namespace McpGate.Bench.Harness;

/// <summary>
/// Runs a pair side by side: warm-up, then rounds that each time one baseline sample and one
/// subject sample, alternating which goes first (ABBA) so drift, caches and background work
/// fall on both sides alike. Before every round, outside the timed region, a blocking full GC
/// clears the previous round's garbage (so one side's garbage is not collected on the other's
/// time), then one untimed operation of each side, in the round's order, settles caches again:
/// the first operation after a compacting GC runs measurably slower, and that should not land on
/// whichever side happens to go first.
/// </summary>
internal static class PairRunner
{
    public static async Task<PairResult> RunAsync(PairDefinition pair, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(pair);
        Console.Write($"  {pair.Name,-44} ");

        var warmup = Stopwatch.StartNew();
        for (var round = 0; round < pair.WarmupRounds || warmup.Elapsed < pair.MinimumWarmup; round++)
        {
            await RunSampleAsync(pair.Baseline, pair.OperationsPerSample);
            await RunSampleAsync(pair.Subject, pair.OperationsPerSample);
        }

        var baseline = new double[pair.Rounds];
        var subject = new double[pair.Rounds];
        var ratios = new double[pair.Rounds];
        for (var round = 0; round < pair.Rounds; round++)
        {
            CollectGarbage();
            if (round % 2 == 0)
            {
                await pair.Baseline();
                await pair.Subject();
                baseline[round] = await RunSampleAsync(pair.Baseline, pair.OperationsPerSample);
                subject[round] = await RunSampleAsync(pair.Subject, pair.OperationsPerSample);
            }
            else
            {
                await pair.Subject();
                await pair.Baseline();
                subject[round] = await RunSampleAsync(pair.Subject, pair.OperationsPerSample);
                baseline[round] = await RunSampleAsync(pair.Baseline, pair.OperationsPerSample);
            }

            ratios[round] = subject[round] / baseline[round];
        }

        Array.Sort(ratios);
        var result = new PairResult
        {
            Definition = pair,
            Baseline = SampleSummary.Of(baseline),
            Subject = SampleSummary.Of(subject),
            RoundRatios = (SampleSummary.Percentile(ratios, 0.25), SampleSummary.Percentile(ratios, 0.75)),
            Note = note,
        };
        Console.WriteLine($"{Units.Format(result.Baseline.Median),10} -> {Units.Format(result.Subject.Median),10}  x{result.Ratio:0.00}");
        return result;
    }

    /// <returns>Microseconds per operation.</returns>
    private static async ValueTask<double> RunSampleAsync(Func<ValueTask> operation, int count)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await operation();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / count;
    }

    private static void CollectGarbage()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
