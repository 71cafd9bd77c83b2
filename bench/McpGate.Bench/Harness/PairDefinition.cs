namespace McpGate.Bench.Harness;

/// <summary>
/// Two operations measured side by side in one process: a baseline and the subject whose cost
/// is reported relative to it.
/// </summary>
internal sealed record PairDefinition
{
    public required string Name { get; init; }

    public required string BaselineLabel { get; init; }

    public required string SubjectLabel { get; init; }

    public required Func<ValueTask> Baseline { get; init; }

    public required Func<ValueTask> Subject { get; init; }

    /// <summary>Measured rounds; each round times one sample of each side.</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>Operations per sample; a sample's time is divided by this (batches make fast operations measurable).</summary>
    public int OperationsPerSample { get; init; } = 1;

    /// <summary>Warm-up rounds, untimed, run until both this count and <see cref="MinimumWarmup"/> are reached.</summary>
    public int WarmupRounds { get; init; } = 10;

    /// <summary>Long enough for tiered compilation to promote the hot paths (its delay is 100 ms).</summary>
    public TimeSpan MinimumWarmup { get; init; } = TimeSpan.FromMilliseconds(500);
}
