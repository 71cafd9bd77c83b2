namespace McpGate.Core.Reads.Events;

/// <summary>Events that say the same thing (same object, reason and message), as one line with their counts summed.</summary>
public sealed record EventGroup
{
    /// <summary>Normal or Warning.</summary>
    public required string Type { get; init; }

    public required string Reason { get; init; }

    public required string Message { get; init; }

    /// <summary>The involved object's namespace; null for cluster-scoped objects.</summary>
    public string? Namespace { get; init; }

    public required string ObjectKind { get; init; }

    public required string ObjectName { get; init; }

    /// <summary>How many times it happened: the events' counts summed.</summary>
    public required long Count { get; init; }

    public DateTimeOffset? FirstSeen { get; init; }

    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Who reported it (<c>kubelet</c>, <c>default-scheduler</c>); null when unknown.</summary>
    public string? Source { get; init; }

    /// <summary><c>pod/web-1</c>, as kubectl writes the OBJECT column.</summary>
    public string Involved => $"{ObjectKind.ToLowerInvariant()}/{ObjectName}";

    public bool IsWarning => string.Equals(Type, "Warning", StringComparison.Ordinal);
}
