using McpGate.Core.Cluster;

namespace McpGate.Core.Reads.Describe;

/// <summary>The describer of each resource (by group and plural); <see cref="GenericDescriber"/> for the rest.</summary>
public static class ObjectDescribers
{
    private static readonly Dictionary<(string Group, string Resource), IObjectDescriber> s_describers = new()
    {
        [("apps", "deployments")] = new DeploymentDescriber(),
        [(string.Empty, "pods")] = new PodDescriber(),
        [(string.Empty, "services")] = new ServiceDescriber(),
    };

    public static IObjectDescriber For(ResourceRef resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return s_describers.GetValueOrDefault((resource.Group, resource.Resource), GenericDescriber.Instance);
    }
}
