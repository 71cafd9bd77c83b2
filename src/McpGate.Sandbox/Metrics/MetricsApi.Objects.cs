using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Resources.Core;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Metrics;

internal sealed partial class MetricsApi
{
    /// <summary>metrics-server's scrape window; usage is recomputed once per window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private JsonObject Nodes(IQueryCollection query, string? name)
    {
        var (window, scraped) = Scrape();
        var pods = RunningPods(null);
        var nodes = _objects.List(CoreResources.Nodes, null).Items
            .Where(n => Controllers.Kubelet.IsNodeReady(n))
            .ToList();
        JsonObject Metrics(JsonObject node)
        {
            var nodeName = ObjectMeta.Name(node);
            var usage = pods.Where(p => JsonFields.String(p, "spec", "nodeName") == nodeName)
                .SelectMany(p => Containers(p, window).Select(c => c.Usage))
                .Aggregate(UsageModel.NodeBaseline(nodeName, window), ResourceUsage.Add);
            return new JsonObject
            {
                ["kind"] = "NodeMetrics",
                ["apiVersion"] = GroupVersion,
                ["metadata"] = Metadata(node, null),
                ["timestamp"] = Timestamps.Format(scraped),
                ["window"] = "30s",
                ["usage"] = Usage(usage),
            };
        }

        if (name is not null)
        {
            return nodes.FirstOrDefault(n => ObjectMeta.Name(n) == name) is { } node ? Metrics(node) : throw new ApiException(NotFound("nodes", name));
        }

        return List("NodeMetricsList", Select(nodes, query).Select(Metrics));
    }

    private JsonObject Pods(IQueryCollection query, string? ns, string? name)
    {
        var (window, scraped) = Scrape();
        JsonObject? Metrics(JsonObject pod)
        {
            var containers = Containers(pod, window);
            if (containers.Count == 0)
            {
                return null;
            }

            var list = new JsonArray();
            foreach (var (container, usage) in containers)
            {
                list.Add((JsonNode)new JsonObject { ["name"] = container, ["usage"] = Usage(usage) });
            }

            return new JsonObject
            {
                ["kind"] = "PodMetrics",
                ["apiVersion"] = GroupVersion,
                ["metadata"] = Metadata(pod, ObjectMeta.Namespace(pod)),
                ["timestamp"] = Timestamps.Format(scraped),
                ["window"] = "30s",
                ["containers"] = list,
            };
        }

        var pods = RunningPods(ns);
        if (name is not null)
        {
            return pods.FirstOrDefault(p => ObjectMeta.Name(p) == name) is { } pod && Metrics(pod) is { } found
                ? found
                : throw new ApiException(NotFound("pods", name));
        }

        return List("PodMetricsList", Select(pods, query).Select(Metrics).OfType<JsonObject>());
    }

    /// <summary>The current window's number and the time of its scrape (the window's start).</summary>
    private (long Window, DateTimeOffset Scraped) Scrape()
    {
        var now = _objects.Now;
        var window = now.ToUnixTimeSeconds() / (long)Window.TotalSeconds;
        return (window, DateTimeOffset.FromUnixTimeSeconds(window * (long)Window.TotalSeconds));
    }

    /// <summary>Pods metrics-server reports on: Running, not being deleted.</summary>
    private List<JsonObject> RunningPods(string? ns) =>
        _objects.List(BuiltInResources.Pods, ns).Items
            .Where(p => JsonFields.String(p, "status", "phase") == "Running" && !ObjectMeta.IsTerminating(p))
            .ToList();

    /// <summary>The pod's containers that are running now, each with its usage.</summary>
    private static List<(string Name, ResourceUsage Usage)> Containers(JsonObject pod, long window)
    {
        var running = (JsonFields.FindArray(pod, "status", "containerStatuses") ?? [])
            .Where(s => s?["state"]?["running"] is not null)
            .Select(s => JsonFields.String(s, "name"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return (JsonFields.FindArray(pod, "spec", "containers") ?? []).OfType<JsonObject>()
            .Where(c => running.Contains(JsonFields.String(c, "name") ?? string.Empty))
            .Select(c => (JsonFields.String(c, "name") ?? string.Empty, UsageModel.Container(ObjectMeta.Namespace(pod), ObjectMeta.Name(pod), c, window)))
            .ToList();
    }

    private static IEnumerable<JsonObject> Select(IEnumerable<JsonObject> objects, IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        return objects.Where(o => labels.Matches(o) && fields.Matches(o))
            .OrderBy(o => ObjectMeta.Namespace(o), StringComparer.Ordinal)
            .ThenBy(o => ObjectMeta.Name(o), StringComparer.Ordinal);
    }

    private JsonObject Metadata(JsonObject source, string? ns)
    {
        var metadata = new JsonObject { ["name"] = ObjectMeta.Name(source) };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        metadata["creationTimestamp"] = Timestamps.Format(_objects.Now);
        if (JsonFields.FindObject(source, "metadata", "labels") is { } labels)
        {
            metadata["labels"] = labels.DeepClone();
        }

        return metadata;
    }

    private static JsonObject Usage(ResourceUsage usage) => new()
    {
        ["cpu"] = ResourceQuantity.Cpu(usage.Nanocores),
        ["memory"] = ResourceQuantity.Memory(usage.Bytes),
    };

    private static JsonObject List(string kind, IEnumerable<JsonObject> items) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = GroupVersion,
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()),
    };
}
