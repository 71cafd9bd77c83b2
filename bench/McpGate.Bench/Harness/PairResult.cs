namespace McpGate.Bench.Harness;

/// <summary>One pair's figures. <see cref="Ratio"/> is subject median / baseline median.</summary>
internal sealed record PairResult
{
    public required PairDefinition Definition { get; init; }

    public required SampleSummary Baseline { get; init; }

    public required SampleSummary Subject { get; init; }

    /// <summary>The 25th and 75th percentiles of the per-round ratios: how steady the ratio was across the run.</summary>
    public required (double P25, double P75) RoundRatios { get; init; }

    /// <summary>Extra context for the report (throughput, payload size...).</summary>
    public string? Note { get; init; }

    public double Ratio => Subject.Median / Baseline.Median;

    /// <summary>What the subject adds, in microseconds per operation (negative when it is faster).</summary>
    public double Added => Subject.Median - Baseline.Median;
}
