namespace McpGate.Bench.Harness;

/// <summary>Median, 95th and 99th percentile of one side's samples, in microseconds per operation.</summary>
internal readonly record struct SampleSummary(double Median, double P95, int Count, double P99 = 0)
{
    public static SampleSummary Of(IReadOnlyCollection<double> samples)
    {
        ArgumentOutOfRangeException.ThrowIfZero(samples.Count);
        var sorted = samples.Order().ToArray();
        return new SampleSummary(Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted.Length, Percentile(sorted, 0.99));
    }

    /// <summary>Linear interpolation between closest ranks (the usual "type 7" estimator).</summary>
    public static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
