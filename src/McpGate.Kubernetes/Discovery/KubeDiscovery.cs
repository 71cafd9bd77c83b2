using McpGate.Core.Cluster;
using System.Net;
using System.Text.Json.Nodes;
using McpGate.Kubernetes.Api;

namespace McpGate.Kubernetes.Discovery;

/// <summary>
/// Maps kinds, plurals, singulars and short names (<c>deploy</c>, <c>po</c>, <c>hpa</c>) to resources at
/// their preferred versions, from the legacy discovery documents. The result is cached; a name that is
/// not found triggers one refresh, at most once per <see cref="MinRefreshInterval"/> (CRDs appear at run
/// time). Thread-safe: concurrent misses share one refresh.
/// </summary>
public sealed class KubeDiscovery : IDisposable
{
    private readonly KubeApiClient _client;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile KubeDiscoverySnapshot _snapshot = KubeDiscoverySnapshot.Empty;

    public KubeDiscovery(KubeApiClient client, TimeSpan? minRefreshInterval = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _time = timeProvider ?? TimeProvider.System;
        MinRefreshInterval = minRefreshInterval ?? TimeSpan.FromSeconds(30);
    }

    public TimeSpan MinRefreshInterval { get; }

    /// <summary>Every resource (subresources excluded) at its group's preferred version; loads on first use.</summary>
    public async Task<IReadOnlyList<ServedResource>> GetResourcesAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = _snapshot;
        if (snapshot.LoadedAt == DateTimeOffset.MinValue)
        {
            snapshot = await RefreshAsync(snapshot, force: true, cancellationToken).ConfigureAwait(false);
        }

        return snapshot.Resources;
    }

    /// <summary>Resolves a name kubectl would accept; null when the cluster does not serve it, even after a refresh.</summary>
    public async Task<ServedResource?> TryResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var snapshot = _snapshot;
        if (snapshot.Find(name) is { } hit)
        {
            return hit;
        }

        snapshot = await RefreshAsync(snapshot, force: snapshot.LoadedAt == DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false);
        return snapshot.Find(name);
    }

    /// <summary>Like <see cref="TryResolveAsync"/>, but a miss throws <see cref="KubeApiException"/> with <see cref="KubeApiReason.NotFound"/>.</summary>
    public async Task<ServedResource> ResolveAsync(string name, CancellationToken cancellationToken = default) =>
        await TryResolveAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw new KubeApiException(
            HttpStatusCode.NotFound,
            KubeApiReason.NotFound,
            $"cluster '{_client.Endpoint.ContextName}' serves no resource type named '{name}' (checked kinds, plurals, singulars and short names); check the spelling or install the CRD");

    public void Dispose() => _refresh.Dispose();

    private async Task<KubeDiscoverySnapshot> RefreshAsync(KubeDiscoverySnapshot seen, bool force, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _snapshot;
            if (!ReferenceEquals(current, seen))
            {
                return current;
            }

            if (!force && _time.GetUtcNow() - current.LoadedAt < MinRefreshInterval)
            {
                return current;
            }

            var resources = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var fresh = new KubeDiscoverySnapshot(resources, _time.GetUtcNow());
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<List<ServedResource>> LoadAsync(CancellationToken cancellationToken)
    {
        var groupVersions = new List<(string Group, string Version)>();
        var core = await _client.GetPathAsync("/api", cancellationToken).ConfigureAwait(false);
        if (core["versions"] is JsonArray coreVersions && coreVersions.FirstOrDefault()?.GetValue<string>() is { } coreVersion)
        {
            groupVersions.Add((string.Empty, coreVersion));
        }

        var groups = await _client.GetPathAsync("/apis", cancellationToken).ConfigureAwait(false);
        foreach (var group in (groups["groups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = group["name"]?.GetValue<string>();
            var preferred = group["preferredVersion"]?["version"]?.GetValue<string>()
                ?? (group["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?["version"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(preferred))
            {
                groupVersions.Add((name, preferred));
            }
        }

        var lists = await Task.WhenAll(groupVersions.Select(gv => LoadGroupVersionAsync(gv.Group, gv.Version, cancellationToken))).ConfigureAwait(false);
        return lists.SelectMany(l => l).ToList();
    }

    private async Task<IReadOnlyList<ServedResource>> LoadGroupVersionAsync(string group, string version, CancellationToken cancellationToken)
    {
        var path = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
        JsonObject list;
        try
        {
            list = await _client.GetPathAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            // An unavailable aggregated API (metrics.k8s.io without metrics-server) must not hide the rest, as with kubectl.
            return [];
        }

        return (list["resources"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(r => r["name"]?.GetValue<string>() is { } n && !n.Contains('/', StringComparison.Ordinal))
            .Select(r => new ServedResource
            {
                Group = group,
                Version = version,
                Resource = r["name"]!.GetValue<string>(),
                Kind = r["kind"]?.GetValue<string>() ?? string.Empty,
                Singular = r["singularName"]?.GetValue<string>() ?? string.Empty,
                Namespaced = r["namespaced"]?.GetValue<bool>() ?? false,
                ShortNames = Strings(r["shortNames"]),
                Verbs = Strings(r["verbs"]),
                Categories = Strings(r["categories"]),
            })
            .ToList();
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.GetValue<string>()).OfType<string>().ToArray() : [];
}
