using McpGate.Core.Changes;

namespace McpGate.Core.Proofs;

/// <summary><c>predicate.target</c>: the object the change is about (<c>namespace</c> written as <c>null</c> for a cluster-scoped one).</summary>
internal sealed record PredicateTarget
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Resource { get; init; }

    public string? Namespace { get; init; }

    public required string Name { get; init; }

    public static PredicateTarget Of(ChangeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new()
        {
            Group = target.Group,
            Version = target.Version,
            Resource = target.Resource,
            Namespace = target.Namespace,
            Name = target.Name,
        };
    }

    public ChangeTarget ToChangeTarget() => new()
    {
        Group = Group,
        Version = Version,
        Resource = Resource,
        Namespace = Namespace,
        Name = Name,
    };
}
