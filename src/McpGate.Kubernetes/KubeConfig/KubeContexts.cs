using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.KubeConfig;

/// <summary>A kubeconfig's contexts as <see cref="ClusterContext"/>: names, servers and authentication methods; no token, key or certificate.</summary>
public static class KubeContexts
{
    public static IReadOnlyList<ClusterContext> Describe(KubeConfiguration configuration, string inUse)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return [.. configuration.Contexts.Values
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new ClusterContext
            {
                Name = c.Name,
                Cluster = c.Cluster,
                Server = configuration.Clusters.TryGetValue(c.Cluster, out var cluster) ? cluster.Server.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : null,
                User = c.User,
                Namespace = c.Namespace,
                Authentication = configuration.Users.TryGetValue(c.User, out var user) ? Method(user) : "unusable user entry (see cluster check)",
                InUse = string.Equals(c.Name, inUse, StringComparison.Ordinal),
            })];
    }

    private static string Method(KubeUserEntry user) =>
        user.Exec is { } exec ? $"exec: {Path.GetFileName(exec.Command)}"
        : user.Token is not null || user.TokenFile is not null ? "token"
        : user.ClientCertificateData is not null || user.ClientCertificateFile is not null ? "client certificate"
        : "none";
}
