using McpGate.Core.Policy;
using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes.Diagnostics;

public static partial class ClusterCheck
{
    /// <summary>Namespaces outside the scope checked one by one, at most.</summary>
    private const int MaxOutsideNamespaces = 20;

    /// <summary>
    /// What the credentials could read beyond the policy's read scope: the gate refuses those reads, but a
    /// credential that allows them is broader than needed. Each finding names the verb, resource and where.
    /// Empty for an unrestricted scope. Failures to ask become <paramref name="errors"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> BeyondReadScopeAsync(
        KubeApiClient client,
        ReadScope scope,
        List<string> errors,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(errors);
        var findings = new List<string>();
        if (scope.IsUnrestricted)
        {
            return findings;
        }

        foreach (var denied in scope.Deny)
        {
            var dot = denied.IndexOf('.', StringComparison.Ordinal);
            var (resource, group) = dot < 0 ? (denied, string.Empty) : (denied[..dot], denied[(dot + 1)..]);
            if (await ReviewAsync(client, "*", new ClusterAccessRequirement("list", group, resource), errors, cancellationToken).ConfigureAwait(false) is { Allowed: true })
            {
                findings.Add($"may list {denied} in every namespace, which the read scope denies ({scope.Describe("deny")})");
            }
        }

        if (!scope.ClusterScoped
            && await ReviewAsync(client, "*", new ClusterAccessRequirement("list", string.Empty, "nodes") { ClusterWide = true }, errors, cancellationToken).ConfigureAwait(false) is { Allowed: true })
        {
            findings.Add($"may list nodes (cluster-scoped), which the read scope does not read ({scope.Describe("clusterScoped")})");
        }

        if (scope.Namespaces is { } allowed && !allowed.Contains("*", StringComparer.Ordinal))
        {
            if (await ReviewAsync(client, "*", new ClusterAccessRequirement("list", string.Empty, "pods"), errors, cancellationToken).ConfigureAwait(false) is { Allowed: true })
            {
                findings.Add($"may list pods in every namespace, beyond the read scope's namespaces {string.Join(", ", allowed)} ({scope.Describe("namespaces")})");
            }
            else
            {
                var outside = new List<string>();
                foreach (var ns in (await NamespaceNamesAsync(client, cancellationToken).ConfigureAwait(false)).Names.Where(n => !scope.AllowsNamespace(n)).Take(MaxOutsideNamespaces))
                {
                    if (await ReviewAsync(client, ns, new ClusterAccessRequirement("get", string.Empty, "pods"), errors, cancellationToken).ConfigureAwait(false) is { Allowed: true })
                    {
                        outside.Add(ns);
                    }
                }

                if (outside.Count > 0)
                {
                    findings.Add($"may get pods in namespaces outside the read scope: {string.Join(", ", outside)} ({scope.Describe("namespaces")})");
                }
            }
        }

        return findings;
    }
}
