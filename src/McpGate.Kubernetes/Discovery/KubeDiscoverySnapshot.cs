using McpGate.Core.Cluster;
using System.Collections.Frozen;

namespace McpGate.Kubernetes.Discovery;

/// <summary>An immutable view of the discovered resources with a lookup by every name kubectl accepts.</summary>
internal sealed class KubeDiscoverySnapshot
{
    private readonly FrozenDictionary<string, ServedResource[]> _byName;

    public KubeDiscoverySnapshot(IReadOnlyList<ServedResource> resources, DateTimeOffset loadedAt)
    {
        Resources = resources;
        LoadedAt = loadedAt;
        var index = new Dictionary<string, List<ServedResource>>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var names = new[] { resource.Resource, resource.Singular, resource.Kind.ToLowerInvariant() }.Concat(resource.ShortNames);
            foreach (var name in names.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
            {
                Add(index, name, resource);
                if (resource.Group.Length > 0)
                {
                    // kubectl's qualified forms: deployments.apps, deploy.apps, deployments.v1.apps.
                    Add(index, $"{name}.{resource.Group}", resource);
                    Add(index, $"{name}.{resource.Version}.{resource.Group}", resource);
                }
            }
        }

        _byName = index.ToFrozenDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    public static KubeDiscoverySnapshot Empty { get; } = new([], DateTimeOffset.MinValue);

    public IReadOnlyList<ServedResource> Resources { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>The first match in discovery order (core group first, then the server's group order).</summary>
    public ServedResource? Find(string name) =>
        _byName.TryGetValue(name.ToLowerInvariant(), out var matches) ? matches[0] : null;

    private static void Add(Dictionary<string, List<ServedResource>> index, string name, ServedResource resource)
    {
        var key = name.ToLowerInvariant();
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        if (!list.Contains(resource))
        {
            list.Add(resource);
        }
    }
}
