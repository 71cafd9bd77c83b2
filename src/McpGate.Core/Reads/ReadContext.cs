using McpGate.Core.Cluster;

namespace McpGate.Core.Reads;

/// <summary>What a read strategy reads with.</summary>
public sealed record ReadContext
{
    /// <summary>The cluster, read-only (GET requests only).</summary>
    public required IClusterReader Cluster { get; init; }

    /// <summary>For ages (<c>5m</c>, <c>3d</c>) in answers.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
