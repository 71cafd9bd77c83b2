using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Checks;

/// <summary>The collections the checks list, in a namespace.</summary>
internal static class CheckResources
{
    public static ResourceRef Pods(string? ns) => new() { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = ns };

    public static ResourceRef ReplicaSets(string? ns) => new() { Group = "apps", Version = "v1", Resource = "replicasets", Namespace = ns };

    public static ResourceRef ControllerRevisions(string? ns) => new() { Group = "apps", Version = "v1", Resource = "controllerrevisions", Namespace = ns };

    public static ResourceRef DisruptionBudgets(string? ns) => new() { Group = "policy", Version = "v1", Resource = "poddisruptionbudgets", Namespace = ns };

    /// <summary>The items of a list response.</summary>
    public static IReadOnlyList<JsonObject> Items(JsonObject list) =>
        [.. (list["items"] as JsonArray ?? []).OfType<JsonObject>()];

    /// <summary>The pods a workload's selector selects, in its namespace.</summary>
    public static async Task<IReadOnlyList<JsonObject>> SelectedPodsAsync(IClusterReader cluster, Workload workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Selector is not { IsEmpty: false } selector)
        {
            return [];
        }

        var list = await cluster.ListAsync(Pods(workload.Namespace), new ListQuery { LabelSelector = selector.ToQuery() }, cancellationToken).ConfigureAwait(false);
        return [.. Items(list).Where(p => selector.Matches(PodSelector.LabelsOf(p)))];
    }
}
