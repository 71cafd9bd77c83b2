namespace McpGate.Core.Ledger;

/// <summary>Which recorded reads to list: all filters optional, bounds inclusive, newest first.</summary>
public sealed record ReadQuery
{
    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    /// <summary>Exact tool name.</summary>
    public string? Tool { get; init; }

    /// <summary>Exact requester (canonical identity).</summary>
    public string? Requester { get; init; }

    /// <summary>At most this many, the newest; null for all.</summary>
    public int? Limit { get; init; }
}
