namespace McpGate.Core.Cluster;

/// <summary>One DELETE of one object: its preconditions and what happens to its dependents.</summary>
public sealed record DeleteRequest
{
    /// <summary>Null deletes whatever object has the name now.</summary>
    public DeletePreconditions? Preconditions { get; init; }

    /// <summary>Null leaves the choice to the server (Background for most resources).</summary>
    public DeletePropagation? Propagation { get; init; }
}
