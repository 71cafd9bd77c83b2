using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Metrics;

/// <summary><c>kubectl top nodes</c>: CPU and memory in use per node, and as a share of what the node can allocate.</summary>
internal static class NodeTop
{
    public static readonly IReadOnlyList<string> Columns = ["NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%"];

    public static async Task<ReadResult> ReadAsync(ReadTarget target, ReadQuery query, ReadContext context, CancellationToken cancellationToken)
    {
        var cluster = context.Cluster;
        var name = target.Ref.Name;
        var metrics = await MetricsSource.ListAsync(cluster, "nodes", null, query.LabelSelector, cancellationToken).ConfigureAwait(false);
        var nodeList = await cluster.ListAsync(target.Ref with { Name = null, Namespace = null }, new ListQuery { LabelSelector = query.LabelSelector }, cancellationToken).ConfigureAwait(false);
        var nodes = ObjectFields.Objects(nodeList["items"]).Where(n => name is null || ObjectFields.Name(n) == name).ToList();
        if (name is not null && nodes.Count == 0)
        {
            throw new ReadException(await ReadObjects.NotFoundAsync(cluster, target, cancellationToken).ConfigureAwait(false));
        }

        var usage = metrics.ToDictionary(ObjectFields.Name, m => ResourceUse.Of(m["usage"]), StringComparer.Ordinal);
        var rows = nodes
            .Select(n => (Node: n, Name: ObjectFields.Name(n), Use: usage.TryGetValue(ObjectFields.Name(n), out var u) ? u : (ResourceUse?)null))
            .OrderByDescending(r => r.Use?.Cores ?? -1m)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{rows.Count} node{(rows.Count == 1 ? string.Empty : "s")} on cluster {cluster.ClusterName}");
        text.Append(query.LabelSelector is { } l ? $" with labels {l}" : string.Empty).Append(", busiest CPU first\n");
        text.Append(TextTable.Render(Columns, [.. rows.Select(r => Row(r.Node, r.Use))]));
        var missing = rows.Where(r => r.Use is null).Select(r => r.Name).ToList();
        if (missing.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No metrics yet for {string.Join(", ", missing)} (not ready, or not scraped yet: metrics-server scrapes about every 15 to 60 seconds).\n");
        }

        return new ReadResult
        {
            Text = text.ToString(),
            Data = new JsonObject
            {
                ["cluster"] = cluster.ClusterName,
                ["sortedBy"] = "cpu",
                ["nodes"] = new JsonArray([.. rows.Select(r => (JsonNode)Item(r.Node, r.Use))]),
                ["count"] = rows.Count,
            },
        };
    }

    private static List<string> Row(JsonObject node, ResourceUse? use)
    {
        if (use is not { } u)
        {
            return [ObjectFields.Name(node), "<unknown>", "<unknown>", "<unknown>", "<unknown>"];
        }

        var (cpu, memory) = Shares(node, u);
        return [ObjectFields.Name(node), u.CpuText, Percent(cpu), u.MemoryText, Percent(memory)];
    }

    private static JsonObject Item(JsonObject node, ResourceUse? use)
    {
        var allocatable = node["status"]?["allocatable"];
        var item = new JsonObject
        {
            ["name"] = ObjectFields.Name(node),
            ["allocatableCpuMillicores"] = Quantities.Millicores(ObjectFields.Text(allocatable?["cpu"])),
            ["allocatableMemoryMebibytes"] = Quantities.Mebibytes(ObjectFields.Text(allocatable?["memory"])),
        };
        if (use is { } u)
        {
            var (cpu, memory) = Shares(node, u);
            item["cpuMillicores"] = u.Millicores;
            item["memoryMebibytes"] = u.Mebibytes;
            item["cpuPercent"] = cpu;
            item["memoryPercent"] = memory;
        }
        else
        {
            item["metrics"] = "none yet";
        }

        return item;
    }

    /// <summary>
    /// Use as a whole percentage of allocatable (null when the node reports none), as kubectl top computes it:
    /// millicores over millicores and bytes over bytes, each rounded up first, the share cut down.
    /// </summary>
    private static (long? Cpu, long? Memory) Shares(JsonObject node, ResourceUse use)
    {
        var allocatable = node["status"]?["allocatable"];
        var cpu = Quantities.Millicores(ObjectFields.Text(allocatable?["cpu"]));
        var memory = Quantities.Parse(ObjectFields.Text(allocatable?["memory"]));
        return (cpu is > 0 ? use.Millicores * 100 / cpu.Value : null,
            memory is > 0 ? (long)(Math.Ceiling(use.Bytes) * 100m / Math.Ceiling(memory.Value)) : null);
    }

    private static string Percent(long? share) => share is { } p ? p.ToString(CultureInfo.InvariantCulture) + "%" : "<unknown>";
}
