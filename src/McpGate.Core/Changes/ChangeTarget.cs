using McpGate.Core.Cluster;

namespace McpGate.Core.Changes;

/// <summary>The object a change writes to, in stored form.</summary>
public sealed record ChangeTarget
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Resource { get; init; }

    public string? Namespace { get; init; }

    public required string Name { get; init; }

    public static ChangeTarget From(ResourceRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new()
        {
            Group = reference.Group,
            Version = reference.Version,
            Resource = reference.Resource,
            Namespace = reference.Namespace,
            Name = reference.Name ?? throw new ArgumentException("A change targets one named object.", nameof(reference)),
        };
    }

    public ResourceRef ToResourceRef() => new()
    {
        Group = Group,
        Version = Version,
        Resource = Resource,
        Namespace = Namespace,
        Name = Name,
    };

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
