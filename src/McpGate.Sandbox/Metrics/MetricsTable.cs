using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Metrics;

/// <summary>
/// NodeMetrics and PodMetrics as a meta.k8s.io/v1 Table, with metrics-server's columns (Name, cpu,
/// memory, Window; a pod's usage summed over its containers), for <c>kubectl get podmetrics</c>.
/// </summary>
internal static class MetricsTable
{
    public static JsonObject From(JsonObject listOrItem)
    {
        var items = listOrItem["items"] is JsonArray list ? list.OfType<JsonObject>() : [listOrItem];
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var usages = item["containers"] is JsonArray containers
                ? containers.Select(c => c?["usage"]).ToList()
                : [item["usage"]];
            var nanocores = usages.Sum(u => (long)(ResourceQuantity.Parse(JsonFields.String(u, "cpu")) * 1_000_000_000m ?? 0));
            var bytes = usages.Sum(u => (long)(ResourceQuantity.Parse(JsonFields.String(u, "memory")) ?? 0));
            rows.Add((JsonNode)new JsonObject
            {
                ["cells"] = new JsonArray(ObjectMeta.Name(item), ResourceQuantity.Cpu(nanocores), ResourceQuantity.Memory(bytes), item["window"]?.DeepClone()),
                ["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item["metadata"]?.DeepClone(),
                },
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject(),
            ["columnDefinitions"] = new JsonArray(
                Column("Name", "name", "Name of the resource"),
                Column("cpu", "quantity", "Total CPU usage (sum of all containers)"),
                Column("memory", "quantity", "Total memory usage (sum of all containers)"),
                Column("Window", "duration", "Time window for the usage")),
            ["rows"] = rows,
        };
    }

    private static JsonObject Column(string name, string format, string description) => new()
    {
        ["name"] = name,
        ["type"] = "string",
        ["format"] = format,
        ["description"] = description,
        ["priority"] = 0,
    };
}
