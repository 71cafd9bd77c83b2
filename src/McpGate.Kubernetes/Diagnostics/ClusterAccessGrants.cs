using McpGate.Core.Manifests;
using McpGate.Core.Policy;

namespace McpGate.Kubernetes.Diagnostics;

/// <summary>
/// Where each permission the loaded tools need must be granted, decided without a cluster: a write tool's
/// needs in the namespaces its allow rules name (none when no rule allows it), a read tool's in the read
/// scope's namespaces, minus what the read scope denies. What RBAC cannot express (a namespace glob, kinds
/// named at call time) becomes a note instead of a wider grant. <c>mcpgate cluster rbac</c> prints it.
/// </summary>
public static class ClusterAccessGrants
{
    /// <summary>
    /// The gate's own read, whatever the tools: the uid of namespace kube-system names the cluster in every
    /// proof (<see cref="Identity.ClusterIdentityResolver"/>).
    /// </summary>
    public static ClusterAccessRequirement ClusterIdentity { get; } = new("get", string.Empty, "namespaces") { ClusterWide = true };

    /// <summary>The grants (namespace or <c>*</c>, permission) and the notes on what was not granted, both in a stable order.</summary>
    public static (IReadOnlyList<(string Namespace, ClusterAccessRequirement Requirement)> Grants, IReadOnlyList<string> Notes) Plan(
        IEnumerable<ToolManifest> tools, PolicySet policy)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(policy);
        var grants = new List<(string Namespace, ClusterAccessRequirement Requirement)> { ("*", ClusterIdentity) };
        var notes = new List<string>();
        var granted = new List<ToolManifest>();
        foreach (var tool in tools.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var scope = tool.Access == ToolAccess.Write ? WriteNamespaces(tool, policy.Rules) : ReadNamespaces(policy.ReadScope);
            if (scope.Count == 0)
            {
                notes.Add(tool.Access == ToolAccess.Write
                    ? $"{tool.Name}: no allow rule in the policy names it, so every call is denied; nothing granted"
                    : $"{tool.Name}: the read scope allows no namespace; nothing granted");
                continue;
            }

            granted.Add(tool);
            foreach (var pattern in scope.Where(IsGlob))
            {
                notes.Add($"{tool.Name}: namespace pattern '{pattern}' cannot be written in RBAC; bind its Role in each matching namespace yourself (mcpgate cluster check lists what is missing)");
            }

            foreach (var invalid in scope.Where(n => n != "*" && !IsGlob(n) && !IsNamespaceName(n)))
            {
                notes.Add($"{tool.Name}: '{invalid}' is not a namespace name Kubernetes accepts (a DNS label); nothing granted there");
            }

            foreach (var requirement in ClusterAccessNeeds.FromManifests([tool]))
            {
                if (tool.Access == ToolAccess.Read && policy.ReadScope.Denies(requirement.Group, requirement.Resource))
                {
                    notes.Add($"{tool.Name}: the read scope denies {requirement.Resource}; {requirement.Verb} not granted");
                    continue;
                }

                if (tool.Access == ToolAccess.Read && requirement.ClusterWide && !policy.ReadScope.ClusterScoped)
                {
                    notes.Add($"{tool.Name}: the read scope reads no cluster-scoped objects; {requirement} not granted");
                    continue;
                }

                foreach (var ns in requirement.ClusterWide ? ["*"] : scope.Where(n => n == "*" || (!IsGlob(n) && IsNamespaceName(n))))
                {
                    grants.Add((ns, requirement));
                }
            }
        }

        notes.AddRange(ClusterAccessNeeds.CallTimeNotes(granted));
        return (WithoutCovered(grants), notes);
    }

    /// <summary>Namespaces of the allow rules naming the tool; <c>*</c> alone when one of them covers every namespace.</summary>
    private static List<string> WriteNamespaces(ToolManifest tool, IEnumerable<PolicyRule> rules)
    {
        var namespaces = rules
            .Where(r => r.Effect == PolicyEffect.Allow && r.Tools.Any(t => t == "*" || t == tool.Name))
            .SelectMany(r => r.Namespaces ?? ["*"])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return namespaces.Contains("*") ? ["*"] : namespaces;
    }

    private static List<string> ReadNamespaces(ReadScope scope) =>
        scope.Namespaces is not { } named || named.Contains("*") ? ["*"] : [.. named.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static bool IsGlob(string ns) => ns != "*" && ns.EndsWith('*');

    private static bool IsNamespaceName(string ns) =>
        ns.Length is > 0 and <= 63
        && ns.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && ns[0] != '-' && ns[^1] != '-';

    /// <summary>Drops a namespace's grant of a permission the cluster-wide role already holds.</summary>
    private static List<(string Namespace, ClusterAccessRequirement Requirement)> WithoutCovered(List<(string Namespace, ClusterAccessRequirement Requirement)> grants)
    {
        var everywhere = grants
            .Where(g => g.Namespace == "*")
            .Select(g => (g.Requirement.Verb, g.Requirement.Group, g.Requirement.Resource, g.Requirement.Subresource))
            .ToHashSet();
        return [.. grants.Where(g => g.Namespace == "*" || !everywhere.Contains((g.Requirement.Verb, g.Requirement.Group, g.Requirement.Resource, g.Requirement.Subresource)))];
    }
}
