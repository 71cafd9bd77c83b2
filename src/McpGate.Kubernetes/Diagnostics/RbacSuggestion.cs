using System.Text;
using System.Text.Json.Nodes;

namespace McpGate.Kubernetes.Diagnostics;

/// <summary>
/// Least-privilege RBAC for a set of permissions, as YAML an operator can read and
/// <c>kubectl apply</c>: a Role and RoleBinding per namespace, and a ClusterRole and
/// ClusterRoleBinding for what is needed cluster-wide. Every rule names exactly the verbs and
/// resources asked for; nothing is widened to <c>*</c>.
/// </summary>
public static class RbacSuggestion
{
    /// <summary>The name of the roles and bindings it writes.</summary>
    public const string RoleName = "mcpgate";

    /// <summary>The subject written when the credentials' identity is unknown.</summary>
    public const string UnknownSubject = "REPLACE-WITH-THE-GATE-USER";

    /// <summary>
    /// YAML documents granting <paramref name="grants"/> (namespace, or <c>*</c> for cluster-wide,
    /// and the permission) to <paramref name="subject"/>; empty when there is nothing to grant. An
    /// unknown subject is written as <see cref="UnknownSubject"/> with a comment to replace it.
    /// </summary>
    public static string ToYaml(IEnumerable<(string Namespace, ClusterAccessRequirement Requirement)> grants, RbacSubject? subject)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var byScope = grants
            .GroupBy(g => g.Requirement.ClusterWide ? "*" : g.Namespace, StringComparer.Ordinal)
            .OrderBy(g => g.Key == "*" ? 1 : 0)
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        var yaml = new StringBuilder();
        foreach (var scope in byScope)
        {
            var clusterWide = scope.Key == "*";
            var rules = scope
                .Select(g => g.Requirement)
                .GroupBy(r => (r.Group, Resource: r.Subresource is null ? r.Resource : $"{r.Resource}/{r.Subresource}"))
                .OrderBy(r => r.Key.Group, StringComparer.Ordinal)
                .ThenBy(r => r.Key.Resource, StringComparer.Ordinal)
                .Select(r => (r.Key.Group, r.Key.Resource, Verbs: r.Select(x => x.Verb).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
                .ToList();
            var neededBy = scope.SelectMany(g => g.Requirement.NeededBy).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

            var kind = clusterWide ? "ClusterRole" : "Role";
            yaml.Append("---\n");
            if (neededBy.Count > 0)
            {
                yaml.Append("# for the tools: ").Append(string.Join(", ", neededBy)).Append('\n');
            }

            yaml.Append("apiVersion: rbac.authorization.k8s.io/v1\n");
            yaml.Append("kind: ").Append(kind).Append('\n');
            Metadata(yaml, clusterWide ? null : scope.Key);
            yaml.Append("rules:\n");
            foreach (var (group, resource, verbs) in rules)
            {
                yaml.Append("  - apiGroups: [").Append(Quote(group)).Append("]\n");
                yaml.Append("    resources: [").Append(Quote(resource)).Append("]\n");
                yaml.Append("    verbs: [").Append(string.Join(", ", verbs.Select(Quote))).Append("]\n");
            }

            yaml.Append("---\n");
            yaml.Append("apiVersion: rbac.authorization.k8s.io/v1\n");
            yaml.Append("kind: ").Append(kind).Append("Binding\n");
            Metadata(yaml, clusterWide ? null : scope.Key);
            yaml.Append("roleRef:\n");
            yaml.Append("  apiGroup: rbac.authorization.k8s.io\n");
            yaml.Append("  kind: ").Append(kind).Append('\n');
            yaml.Append("  name: ").Append(RoleName).Append('\n');
            yaml.Append("subjects:\n");
            Subject(yaml, subject);
        }

        return yaml.ToString();
    }

    private static void Metadata(StringBuilder yaml, string? ns)
    {
        yaml.Append("metadata:\n");
        yaml.Append("  name: ").Append(RoleName).Append('\n');
        if (ns is not null)
        {
            yaml.Append("  namespace: ").Append(Quote(ns)).Append('\n');
        }
    }

    private static void Subject(StringBuilder yaml, RbacSubject? subject)
    {
        if (subject is null)
        {
            yaml.Append("  # the credentials' identity is unknown: name the user or service account the gate runs as\n");
            subject = new RbacSubject { Name = UnknownSubject };
        }

        if (subject.ServiceAccountNamespace is { } ns)
        {
            yaml.Append("  - kind: ServiceAccount\n");
            yaml.Append("    name: ").Append(Quote(subject.Name)).Append('\n');
            yaml.Append("    namespace: ").Append(Quote(ns)).Append('\n');
        }
        else
        {
            yaml.Append("  - kind: User\n");
            yaml.Append("    apiGroup: rbac.authorization.k8s.io\n");
            yaml.Append("    name: ").Append(Quote(subject.Name)).Append('\n');
        }
    }

    /// <summary>A JSON string is a YAML double-quoted scalar: safe for any user name.</summary>
    private static string Quote(string text) => JsonValue.Create(text).ToJsonString();
}
