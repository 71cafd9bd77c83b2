namespace McpGate.Kubernetes.Diagnostics;

/// <summary>
/// One permission the gate's credentials need: a verb on a resource (and subresource), checked
/// with a SelfSubjectAccessReview in every namespace the policy names, or once cluster-wide.
/// </summary>
public sealed record ClusterAccessRequirement(string Verb, string Group, string Resource, string? Subresource = null)
{
    /// <summary>
    /// Needed across the whole cluster, not per namespace: the tool names no namespace (a
    /// cluster-scoped resource such as nodes, or a list of every namespace). Checked once.
    /// </summary>
    public bool ClusterWide { get; init; }

    /// <summary>The tools that need it, sorted; empty for the gate's own needs.</summary>
    public IReadOnlyList<string> NeededBy { get; init; } = [];

    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? string.Empty : Group + "/")}{Resource}{(Subresource is null ? string.Empty : "/" + Subresource)}";

    public bool Equals(ClusterAccessRequirement? other) =>
        other is not null
        && Verb == other.Verb && Group == other.Group && Resource == other.Resource && Subresource == other.Subresource
        && ClusterWide == other.ClusterWide && NeededBy.SequenceEqual(other.NeededBy, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Verb, Group, Resource, Subresource, ClusterWide);
}
