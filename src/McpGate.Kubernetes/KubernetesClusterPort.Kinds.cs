using McpGate.Core.Cluster;
using McpGate.Kubernetes.Discovery;

namespace McpGate.Kubernetes;

public sealed partial class KubernetesClusterPort
{
    private KubeDiscovery? _discovery;

    public async Task<ResourceKind?> ResolveKindAsync(string apiVersion, string kind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        var slash = apiVersion.LastIndexOf('/');
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var discovery = LazyInitializer.EnsureInitialized(ref _discovery, () => new KubeDiscovery(_client));
        IReadOnlyList<ServedResource> resources;
        try
        {
            resources = await discovery.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
            if (!resources.Any(r => Matches(r, group, kind)) && await discovery.TryResolveAsync(kind, cancellationToken).ConfigureAwait(false) is not null)
            {
                resources = await discovery.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ClusterErrorTranslator.IsTranslatable(ex, cancellationToken))
        {
            throw ClusterErrorTranslator.Translate(ex, "discover", new ResourceRef { Group = group, Version = version, Resource = kind }, ClusterName);
        }

        // Discovery lists each group at its preferred version; a resource keeps its plural and scope across versions.
        return resources.FirstOrDefault(r => Matches(r, group, kind)) is { } found
            ? new ResourceKind { Group = group, Version = version, Resource = found.Resource, Kind = found.Kind, Namespaced = found.Namespaced }
            : null;
    }

    private static bool Matches(ServedResource resource, string group, string kind) =>
        string.Equals(resource.Group, group, StringComparison.Ordinal) && string.Equals(resource.Kind, kind, StringComparison.Ordinal);
}
