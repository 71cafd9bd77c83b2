using McpGate.Core.Cluster;

namespace McpGate.Core.Reads.Views;

/// <summary>The view of each resource (by group and plural); <see cref="GenericView"/> for the rest.</summary>
public static class ResourceViews
{
    private static readonly Dictionary<(string Group, string Resource), IResourceView> s_views = new()
    {
        [("apps", "deployments")] = new DeploymentView(),
        [(string.Empty, "secrets")] = new SecretView(),
        [(string.Empty, "pods")] = new PodView(),
        [(string.Empty, "namespaces")] = new NamespaceView(),
        [(string.Empty, "nodes")] = new NodeView(),
    };

    public static IResourceView For(ResourceRef resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return s_views.GetValueOrDefault((resource.Group, resource.Resource), GenericView.Instance);
    }
}
