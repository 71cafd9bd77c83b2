namespace McpGate.Core.Cluster;

/// <summary>What a probe saw: done, still progressing, or failed for good; with a line for people.</summary>
public sealed record ProbeResult
{
    public required ProbeStatus Status { get; init; }

    public required string Detail { get; init; }

    public static ProbeResult Done(string detail) => new() { Status = ProbeStatus.Done, Detail = detail };

    public static ProbeResult Progressing(string detail) => new() { Status = ProbeStatus.Progressing, Detail = detail };

    public static ProbeResult Failed(string detail) => new() { Status = ProbeStatus.Failed, Detail = detail };
}
