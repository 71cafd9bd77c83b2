namespace McpGate.Core.Cluster;

/// <summary>What discovery says about one kind: where its objects live, and whether they live in namespaces.</summary>
public sealed record ResourceKind
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>Plural, lower-case, e.g. <c>deployments</c>.</summary>
    public required string Resource { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    /// <summary>A reference to one object of this kind (the namespace is dropped for cluster-scoped kinds).</summary>
    public ResourceRef ToRef(string? ns, string? name) => new()
    {
        Group = Group,
        Version = Version,
        Resource = Resource,
        Namespace = Namespaced ? ns : null,
        Name = name,
    };
}
