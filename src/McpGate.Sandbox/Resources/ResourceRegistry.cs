namespace McpGate.Sandbox.Resources;

/// <summary>The resource types the sandbox serves, looked up by group, version and plural.</summary>
internal sealed class ResourceRegistry
{
    private readonly Dictionary<GroupVersionResource, ResourceDefinition> _byGvr = [];
    private readonly List<ResourceDefinition> _all = [];
    private readonly List<string> _groupVersions = [];

    public IReadOnlyList<ResourceDefinition> All => _all;

    /// <summary>Every served group/version, including those that only hold subresource kinds.</summary>
    public IReadOnlyList<string> GroupVersions => _groupVersions;

    public ResourceRegistry Add(ResourceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!_byGvr.TryAdd(definition.Gvr, definition))
        {
            throw new InvalidOperationException($"Resource {definition.Gvr} is registered twice.");
        }

        _all.Add(definition);
        AddGroupVersion(definition.ApiVersion);
        return this;
    }

    /// <summary>Serves a group/version with no resources of its own (autoscaling/v1 for Scale).</summary>
    public ResourceRegistry AddGroupVersion(string groupVersion)
    {
        if (!_groupVersions.Contains(groupVersion, StringComparer.Ordinal))
        {
            _groupVersions.Add(groupVersion);
        }

        return this;
    }

    public ResourceDefinition? Find(string group, string version, string plural) =>
        _byGvr.GetValueOrDefault(new GroupVersionResource(group, version, plural));

    public ResourceDefinition Get(string group, string version, string plural) =>
        Find(group, version, plural)
        ?? throw new InvalidOperationException($"Resource {group}/{version}/{plural} is not registered.");

    public bool ServesGroupVersion(string groupVersion) =>
        _groupVersions.Contains(groupVersion, StringComparer.Ordinal);

    public IEnumerable<ResourceDefinition> InGroupVersion(string groupVersion) =>
        _all.Where(d => string.Equals(d.ApiVersion, groupVersion, StringComparison.Ordinal));
}
