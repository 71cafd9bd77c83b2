namespace McpGate.Kubernetes.KubeConfig;

/// <summary>One parsed kubeconfig file, before merging; entries keep their file order.</summary>
internal sealed record KubeConfigFile
{
    public required string Path { get; init; }

    public required IReadOnlyList<KubeClusterEntry> Clusters { get; init; }

    public required IReadOnlyList<KubeUserEntry> Users { get; init; }

    public required IReadOnlyList<KubeContextEntry> Contexts { get; init; }

    /// <summary>Named entries that did not parse; they fail only when selected.</summary>
    public IReadOnlyList<KubeConfigEntryError> InvalidEntries { get; init; } = [];

    public string? CurrentContext { get; init; }
}
