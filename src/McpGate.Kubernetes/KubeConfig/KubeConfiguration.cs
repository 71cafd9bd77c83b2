namespace McpGate.Kubernetes.KubeConfig;

/// <summary>
/// One or more kubeconfig files merged by entry name (first file wins), as
/// <c>KUBECONFIG=a:b</c> does. Immutable; resolve a context to get a <see cref="KubeEndpoint"/>.
/// </summary>
public sealed record KubeConfiguration
{
    public required IReadOnlyDictionary<string, KubeClusterEntry> Clusters { get; init; }

    public required IReadOnlyDictionary<string, KubeUserEntry> Users { get; init; }

    public required IReadOnlyDictionary<string, KubeContextEntry> Contexts { get; init; }

    /// <summary>Named entries that could not be parsed; selecting a context that needs one raises its errors.</summary>
    public IReadOnlyList<KubeConfigEntryError> InvalidEntries { get; init; } = [];

    /// <summary>The first non-empty <c>current-context</c> among the files.</summary>
    public string? CurrentContext { get; init; }

    /// <summary>The files read, in merge order.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>
    /// Selects a context (default: <see cref="CurrentContext"/>), checks its references and
    /// reads the files it points to.
    /// </summary>
    /// <exception cref="KubeConfigException">The context is missing or unusable; the message names the field.</exception>
    public KubeEndpoint Resolve(string? contextName = null) => KubeEndpointResolver.Resolve(this, contextName);

    internal KubeConfigEntryError? InvalidEntry(KubeConfigEntryKind kind, string name) =>
        InvalidEntries.FirstOrDefault(e => e.Kind == kind && string.Equals(e.Name, name, StringComparison.Ordinal));
}
