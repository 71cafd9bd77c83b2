using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Reads.Metrics;

/// <summary>
/// The metrics.k8s.io/v1beta1 API (NodeMetrics, PodMetrics) that metrics-server serves through the
/// aggregator; a cluster without metrics-server answers its paths with a bare 404.
/// </summary>
internal static class MetricsSource
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";

    public static ResourceRef For(string resource, string? ns, string? name) =>
        new() { Group = Group, Version = Version, Resource = resource, Namespace = ns, Name = name };

    /// <summary>The answer when the group is absent: a fact about the cluster, not a failure of the call.</summary>
    public static string NotServed(IClusterReader cluster) =>
        $"{Group} is not served on cluster {cluster.ClusterName}; install metrics-server to see CPU and memory use (kubectl top needs it too). "
        + "nodes_list and pods_list answer without it.";

    /// <summary>Every NodeMetrics or PodMetrics the selector matches (one page, metrics-server does not page).</summary>
    /// <exception cref="ReadException">The cluster does not serve metrics.k8s.io.</exception>
    public static async Task<IReadOnlyList<JsonObject>> ListAsync(IClusterReader cluster, string resource, string? ns, string? labelSelector, CancellationToken cancellationToken)
    {
        try
        {
            var list = await cluster.ListAsync(For(resource, ns, null), new ListQuery { LabelSelector = labelSelector }, cancellationToken).ConfigureAwait(false);
            return [.. Views.ObjectFields.Objects(list["items"])];
        }
        catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.NotFound || ex.StatusCode == 404)
        {
            throw new ReadException(NotServed(cluster), ex);
        }
    }

    /// <summary>One object's metrics; null when it has none (not running, not scraped yet).</summary>
    /// <exception cref="ReadException">The cluster does not serve metrics.k8s.io.</exception>
    public static async Task<JsonObject?> GetAsync(IClusterReader cluster, string resource, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            if (await cluster.GetAsync(For(resource, ns, name), cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }
        }
        catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.NotFound || ex.StatusCode == 404)
        {
            throw new ReadException(NotServed(cluster), ex);
        }

        // A 404 with a NotFound status reads as "no metrics for it"; tell that apart from "no metrics API".
        await ListAsync(cluster, resource, ns, labelSelector: null, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
