using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Discovery;

/// <summary>One resource type the cluster serves, at its group's preferred version.</summary>
public sealed record KubeApiResource
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

    public bool Supports(string verb) => Verbs.Contains(verb, StringComparer.Ordinal);

    /// <summary>A reference for the engine; the namespace is dropped for cluster-scoped resources.</summary>
    public ResourceRef ToRef(string? ns = null, string? name = null) => new()
    {
        Group = Group,
        Version = Version,
        Resource = Resource,
        Namespace = Namespaced ? ns : null,
        Name = name,
    };

    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}
