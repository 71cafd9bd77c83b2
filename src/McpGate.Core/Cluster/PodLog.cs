namespace McpGate.Core.Cluster;

/// <summary>A container's log as read.</summary>
public sealed record PodLog
{
    public required string Text { get; init; }

    /// <summary>Bytes received (UTF-8); equal to the query's limit when the server cut the log.</summary>
    public required int Bytes { get; init; }
}
