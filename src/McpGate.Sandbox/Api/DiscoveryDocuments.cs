using System.Text.Json.Nodes;
using McpGate.Sandbox.Metrics;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Api;

/// <summary>
/// The legacy discovery documents (/version, /api, /apis, /api/v1, /apis/G/V). Aggregated discovery
/// requests get these too, with a plain application/json content type, which clients fall back on.
/// </summary>
internal sealed class DiscoveryDocuments
{
    private readonly ResourceRegistry _registry;
    private readonly MetricsApi _metrics;

    public DiscoveryDocuments(ResourceRegistry registry, MetricsApi metrics)
    {
        _registry = registry;
        _metrics = metrics;
    }

    /// <summary>The document for a discovery path, or null when the path is not a discovery path.</summary>
    public JsonObject? Find(string path, string serverAddress)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["version"] => Version(),
            ["api"] => CoreVersions(serverAddress),
            ["apis"] => GroupList(),
            ["api", var version] when _registry.ServesGroupVersion(version) => ResourceList(version),
            ["apis", var group] when Group(group) is { } document => document,
            ["apis", var group, var version] when _registry.ServesGroupVersion($"{group}/{version}") => ResourceList($"{group}/{version}"),
            _ => null,
        };
    }

    private static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-mcpgate-sandbox",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.4",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = serverAddress,
        }),
    };

    private JsonObject GroupList()
    {
        var groups = new JsonArray();
        foreach (var name in GroupNames())
        {
            groups.Add((JsonNode?)Group(name));
        }

        if (_metrics.IsServed)
        {
            // Registered by metrics-server's APIService, so listed after the built-in groups.
            groups.Add((JsonNode)MetricsApi.GroupDocument());
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    private IEnumerable<string> GroupNames() =>
        _registry.GroupVersions.Where(gv => gv.Contains('/', StringComparison.Ordinal) && _registry.InGroupVersion(gv).Any()).Select(gv => gv.Split('/')[0]).Distinct(StringComparer.Ordinal);

    private JsonObject? Group(string name)
    {
        var versions = _registry.GroupVersions.Where(gv => gv.StartsWith(name + "/", StringComparison.Ordinal) && _registry.InGroupVersion(gv).Any()).ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var groupVersion in versions)
        {
            list.Add((JsonNode)new JsonObject { ["groupVersion"] = groupVersion, ["version"] = groupVersion.Split('/')[1] });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            ["versions"] = list,
            ["preferredVersion"] = list[0]!.DeepClone(),
        };
    }

    private JsonObject ResourceList(string groupVersion)
    {
        var resources = new JsonArray();
        foreach (var definition in _registry.InGroupVersion(groupVersion))
        {
            resources.Add((JsonNode)new JsonObject
            {
                ["name"] = definition.Plural,
                ["singularName"] = definition.Singular,
                ["namespaced"] = definition.Namespaced,
                ["kind"] = definition.Kind,
                ["verbs"] = Strings(definition.Verbs),
                ["shortNames"] = Strings(definition.ShortNames),
                ["categories"] = Strings(definition.Categories),
            });
            foreach (var subresource in definition.Subresources)
            {
                var entry = new JsonObject
                {
                    ["name"] = $"{definition.Plural}/{subresource.Name}",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = definition.Namespaced,
                    ["kind"] = subresource.Kind.Length == 0 ? definition.Kind : subresource.Kind,
                    ["verbs"] = Strings(subresource.Verbs),
                };
                if (subresource.Group.Length > 0)
                {
                    entry["group"] = subresource.Group;
                    entry["version"] = subresource.Version;
                }

                resources.Add((JsonNode)entry);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = resources,
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
