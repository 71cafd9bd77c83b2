namespace McpGate.Kubernetes.KubeConfig;

/// <summary>
/// A named cluster, user or context that could not be parsed. Like client-go, the file stays usable:
/// the errors are raised only when a context that needs this entry is selected.
/// </summary>
public sealed record KubeConfigEntryError
{
    public required KubeConfigEntryKind Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>Every problem of the entry, one sentence each, naming the file and the field.</summary>
    public required IReadOnlyList<string> Errors { get; init; }
}
