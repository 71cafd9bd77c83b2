namespace McpGate.Core.Policy;

/// <summary>
/// One rule. Tools, namespaces, clusters and requesters are exact names, <c>*</c>, or a
/// prefix glob such as <c>team-*</c>; a null list matches anything.
/// </summary>
public sealed record PolicyRule
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Tools { get; init; }

    public IReadOnlyList<string>? Namespaces { get; init; }

    public IReadOnlyList<string>? Clusters { get; init; }

    public IReadOnlyList<string>? Requesters { get; init; }

    public required PolicyEffect Effect { get; init; }

    /// <summary>Set on every allow rule; null on deny rules.</summary>
    public ApprovalRequirement? Approval { get; init; }

    public IReadOnlyList<ArgumentConstraint> Constraints { get; init; } = [];

    public required string SourcePath { get; init; }
}
