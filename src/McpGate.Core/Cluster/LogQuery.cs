namespace McpGate.Core.Cluster;

/// <summary>Which part of a container's log to read.</summary>
public sealed record LogQuery
{
    /// <summary>The container; null only for a pod with one container.</summary>
    public string? Container { get; init; }

    /// <summary>The previous (terminated) instance of the container, e.g. before a crash.</summary>
    public bool Previous { get; init; }

    /// <summary>The last lines only.</summary>
    public int? TailLines { get; init; }

    /// <summary>Lines written in the last seconds only.</summary>
    public int? SinceSeconds { get; init; }

    /// <summary>At most this many bytes (the server cuts the log there).</summary>
    public int? LimitBytes { get; init; }
}
