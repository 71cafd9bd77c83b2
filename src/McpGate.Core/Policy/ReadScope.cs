namespace McpGate.Core.Policy;

/// <summary>
/// Which namespaces and resources the agent may read (the policy's <c>readScope</c>). Reads outside it are
/// refused, naming the scope and where it is written. Without a <c>readScope</c> every read the cluster
/// credentials allow passes.
/// </summary>
public sealed record ReadScope
{
    public static ReadScope Unrestricted { get; } = new();

    /// <summary>Namespace names, <c>'*'</c> or prefix globs (<c>team-*</c>); null: every namespace.</summary>
    public IReadOnlyList<string>? Namespaces { get; init; }

    /// <summary>Resources never read, not even their names: <c>secrets</c> (core group) or <c>plural.group</c>.</summary>
    public IReadOnlyList<string> Deny { get; init; } = [];

    /// <summary>Whether cluster-scoped objects (nodes, namespaces, cluster roles...) may be read.</summary>
    public bool ClusterScoped { get; init; } = true;

    /// <summary><c>file:line:column</c> of the <c>readScope</c> key; empty when unrestricted.</summary>
    public string Location { get; init; } = string.Empty;

    public bool IsUnrestricted => Namespaces is null && Deny.Count == 0 && ClusterScoped;

    public bool AllowsNamespace(string ns) => Namespaces is null || NamePattern.MatchesAny(Namespaces, ns);

    /// <summary>True when <paramref name="group"/>/<paramref name="resource"/> is listed under <c>deny</c>.</summary>
    public bool Denies(string group, string resource) =>
        Deny.Contains(group.Length == 0 ? resource : $"{resource}.{group}", StringComparer.Ordinal);

    /// <summary>How messages name the scope: <c>readScope at policies/team.yaml:3:1</c>.</summary>
    public string Describe(string field) => $"readScope.{field} at {Location}";
}
