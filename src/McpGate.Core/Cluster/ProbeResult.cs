namespace McpGate.Core.Cluster;

/// <summary>
/// What a probe saw: done, still progressing, or failed for good; a line for people, how sure the
/// probe is, and the facts it read (counts, restarts, pods in a crash loop, Warning events).
/// </summary>
public sealed record ProbeResult
{
    public required ProbeStatus Status { get; init; }

    public required string Detail { get; init; }

    public ProbeConfidence Confidence { get; init; } = ProbeConfidence.High;

    /// <summary>The facts behind the verdict, in the order the probe read them.</summary>
    public IReadOnlyList<ProbeFact> Evidence { get; init; } = [];

    public static ProbeResult Done(string detail, IReadOnlyList<ProbeFact>? evidence = null, ProbeConfidence confidence = ProbeConfidence.High) =>
        new() { Status = ProbeStatus.Done, Detail = detail, Evidence = evidence ?? [], Confidence = confidence };

    public static ProbeResult Progressing(string detail, IReadOnlyList<ProbeFact>? evidence = null, ProbeConfidence confidence = ProbeConfidence.Low) =>
        new() { Status = ProbeStatus.Progressing, Detail = detail, Evidence = evidence ?? [], Confidence = confidence };

    public static ProbeResult Failed(string detail, IReadOnlyList<ProbeFact>? evidence = null, ProbeConfidence confidence = ProbeConfidence.High) =>
        new() { Status = ProbeStatus.Failed, Detail = detail, Evidence = evidence ?? [], Confidence = confidence };
}
