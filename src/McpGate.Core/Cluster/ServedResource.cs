namespace McpGate.Core.Cluster;

/// <summary>One resource the cluster serves, as discovery lists it.</summary>
public sealed record ServedResource
{
    /// <summary>API group; empty for the core group.</summary>
    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>Plural, lower-case: <c>deployments</c>.</summary>
    public required string Resource { get; init; }

    public required string Kind { get; init; }

    public string Singular { get; init; } = string.Empty;

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> Verbs { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>A reference for one object or the collection; the namespace is dropped for cluster-scoped resources.</summary>
    public ResourceRef ToRef(string? ns = null, string? name = null) => new()
    {
        Group = Group,
        Version = Version,
        Resource = Resource,
        Namespace = Namespaced ? ns : null,
        Name = name,
    };

    /// <summary><c>deployments.apps</c>, or <c>pods</c> for the core group: how kubectl names a resource unambiguously.</summary>
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}
