using McpGate.Core.Cluster;

namespace McpGate.Core.Reads;

/// <summary>
/// Finds the resource a kind names as kubectl does: kind, plural, singular or short name, any case,
/// optionally qualified by group (<c>deployments.apps</c>) or narrowed by an apiVersion (<c>apps/v1</c>).
/// </summary>
public static class KindResolver
{
    /// <exception cref="ReadException">The cluster serves no such kind; the message lists the nearest it does serve.</exception>
    public static async Task<ServedResource> ResolveAsync(IClusterReader cluster, string kind, string? apiVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        var served = await cluster.GetServedResourcesAsync(cancellationToken).ConfigureAwait(false);
        var (name, group) = Split(kind.Trim(), apiVersion);
        var matches = served.Where(r => Names(r).Contains(name, StringComparer.OrdinalIgnoreCase) && (group is null || r.Group == group)).ToList();
        if (matches.Count == 0)
        {
            var near = Suggestions.Nearest(name, served.SelectMany(r => new[] { r.Kind, r.Resource }.Concat(r.ShortNames)).Distinct(StringComparer.OrdinalIgnoreCase));
            var where = group is null ? string.Empty : $" in API group \"{group}\"";
            throw new ReadException(
                $"cluster {cluster.ClusterName} serves no kind \"{kind}\"{where}." +
                (near.Count > 0 ? $" Nearest: {string.Join(", ", near)}." : string.Empty) +
                " The api_resources_list tool lists every kind it serves, with short names.");
        }

        // kubectl prefers the core group, then the rest in discovery order; say so when it was a guess.
        var chosen = matches.FirstOrDefault(r => r.Group.Length == 0) ?? matches[0];
        var version = apiVersion is { Length: > 0 } v ? v[(v.LastIndexOf('/') + 1)..] : chosen.Version;
        return chosen with { Version = version };
    }

    private static (string Name, string? Group) Split(string kind, string? apiVersion)
    {
        if (apiVersion is { Length: > 0 } v)
        {
            var slash = v.LastIndexOf('/');
            return (kind, slash < 0 ? string.Empty : v[..slash]);
        }

        var dot = kind.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (kind, null) : (kind[..dot], kind[(dot + 1)..]);
    }

    private static IEnumerable<string> Names(ServedResource resource) =>
        new[] { resource.Kind, resource.Resource, resource.Singular }.Concat(resource.ShortNames).Where(n => n.Length > 0);
}
