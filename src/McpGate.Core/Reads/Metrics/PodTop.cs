using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Metrics;

/// <summary><c>kubectl top pods --containers</c>: CPU and memory in use per pod and per container, busiest CPU first.</summary>
internal static class PodTop
{
    private sealed record PodUse(string? Namespace, string Name, ResourceUse Total, IReadOnlyList<(string Container, ResourceUse Use)> Containers, JsonNode? Timestamp);

    public static async Task<ReadResult> ReadAsync(ReadTarget target, ReadQuery query, ReadContext context, CancellationToken cancellationToken)
    {
        var cluster = context.Cluster;
        var ns = target.Ref.Namespace;
        IReadOnlyList<JsonObject> metrics;
        if (target.Ref.Name is { } name)
        {
            if (ns is null)
            {
                throw new ReadException($"pods live in namespaces: give the namespace of pod {name}, or leave the name out to see every pod.");
            }

            var one = await MetricsSource.GetAsync(cluster, "pods", ns, name, cancellationToken).ConfigureAwait(false);
            if (one is null)
            {
                // Absent metrics: either no such pod (say what is near) or a pod with no running container.
                var pod = await ReadObjects.GetAsync(cluster, target, cancellationToken).ConfigureAwait(false);
                var phase = ObjectFields.Text(pod["status"]?["phase"]) ?? "Unknown";
                throw new ReadException($"pod {name} in namespace {ns} has no metrics: it is {phase}, and metrics-server measures running containers only "
                    + "(a pod that just started is measured at the next scrape, within about a minute).");
            }

            metrics = [one];
        }
        else
        {
            metrics = await MetricsSource.ListAsync(cluster, "pods", ns, query.LabelSelector, cancellationToken).ConfigureAwait(false);
        }

        if (metrics.Count == 0 && ns is not null
            && await cluster.GetAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "namespaces", Name = ns }, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ReadException($"namespace {ns} does not exist on cluster {cluster.ClusterName}. Check its spelling; the namespaces_list tool lists what exists.");
        }

        var pods = metrics.Select(Of)
            .OrderByDescending(p => p.Total.Cores)
            .ThenBy(p => p.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var shown = pods.Take(ReadLimits.DefaultListItems).ToList();
        var across = ns is null;
        var where = across ? " in all namespaces" : $" in namespace {ns}";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{pods.Count} pod{(pods.Count == 1 ? string.Empty : "s")} measured{where} on cluster {cluster.ClusterName}");
        text.Append(query.LabelSelector is { } l ? $" with labels {l}" : string.Empty).Append(", busiest CPU first\n");
        if (shown.Count > 0)
        {
            string[] columns = ["NAME", "CPU(cores)", "MEMORY(bytes)", "CONTAINERS"];
            text.Append(TextTable.Render(across ? ["NAMESPACE", .. columns] : columns, [.. shown.Select(p => Row(p, across))]));
        }

        if (pods.Count > shown.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"Showing the {shown.Count} busiest of {pods.Count}; narrow with a namespace or a label selector.\n");
        }

        return new ReadResult
        {
            Text = text.ToString(),
            Data = new JsonObject
            {
                ["cluster"] = cluster.ClusterName,
                ["namespace"] = ns,
                ["sortedBy"] = "cpu",
                ["pods"] = new JsonArray([.. shown.Select(p => (JsonNode)Item(p))]),
                ["count"] = pods.Count,
                ["truncated"] = pods.Count > shown.Count,
            },
        };
    }

    private static PodUse Of(JsonObject metrics)
    {
        var containers = ObjectFields.Objects(metrics["containers"])
            .Select(c => (Container: ObjectFields.Text(c["name"]) ?? string.Empty, Use: ResourceUse.Of(c["usage"])))
            .OrderByDescending(c => c.Use.Cores)
            .ThenBy(c => c.Container, StringComparer.Ordinal)
            .ToList();
        var total = containers.Select(c => c.Use).Aggregate(default(ResourceUse), ResourceUse.Add);
        return new PodUse(ObjectFields.Namespace(metrics), ObjectFields.Name(metrics), total, containers, metrics["timestamp"]);
    }

    private static List<string> Row(PodUse pod, bool across)
    {
        var row = new List<string>();
        if (across)
        {
            row.Add(pod.Namespace ?? string.Empty);
        }

        row.AddRange([pod.Name, pod.Total.CpuText, pod.Total.MemoryText,
            string.Join(",", pod.Containers.Select(c => $"{c.Container}={c.Use.CpuText}/{c.Use.MemoryText}"))]);
        return row;
    }

    private static JsonObject Item(PodUse pod)
    {
        var item = new JsonObject { ["name"] = pod.Name };
        if (pod.Namespace is { } ns)
        {
            item["namespace"] = ns;
        }

        item["cpuMillicores"] = pod.Total.Millicores;
        item["memoryMebibytes"] = pod.Total.Mebibytes;
        item["containers"] = new JsonArray([.. pod.Containers.Select(c =>
        {
            var container = c.Use.ToJson();
            container.Insert(0, "name", c.Container);
            return (JsonNode)container;
        })]);
        item["timestamp"] = pod.Timestamp?.DeepClone();
        return item;
    }
}
