using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Checks;

/// <summary>
/// What the checks need of a pod-owning workload (deployment, statefulset, daemonset,
/// replicaset): its selector, pod template, replicas and rollout strategy.
/// </summary>
internal sealed record Workload
{
    private static readonly string[] s_resources = ["deployments", "statefulsets", "daemonsets", "replicasets"];

    public required string Resource { get; init; }

    public required string? Namespace { get; init; }

    public required string Name { get; init; }

    public required string? Uid { get; init; }

    /// <summary>Null when the object has no selector this can read.</summary>
    public required PodSelector? Selector { get; init; }

    /// <summary>Desired pods: spec.replicas (default 1), or for a daemonset status.desiredNumberScheduled.</summary>
    public required int Replicas { get; init; }

    public required JsonObject? Template { get; init; }

    public required JsonObject Object { get; init; }

    public IReadOnlyDictionary<string, string> TemplateLabels => PodSelector.LabelsOf(Template);

    /// <summary>The workload, or null when the target is not one of the pod-owning apps/v1 kinds.</summary>
    public static Workload? Of(ResourceRef target, JsonObject? obj)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (obj is null || target.Group != "apps" || !s_resources.Contains(target.Resource, StringComparer.Ordinal))
        {
            return null;
        }

        var replicas = target.Resource == "daemonsets"
            ? Integer(obj["status"]?["desiredNumberScheduled"]) ?? 0
            : Integer(obj["spec"]?["replicas"]) ?? 1;
        return new Workload
        {
            Resource = target.Resource,
            Namespace = target.Namespace,
            Name = target.Name ?? string.Empty,
            Uid = Text(obj["metadata"]?["uid"]),
            Selector = PodSelector.From(obj["spec"]?["selector"]),
            Replicas = replicas,
            Template = obj["spec"]?["template"] as JsonObject,
            Object = obj,
        };
    }

    /// <summary>A small non-negative integer field, or null.</summary>
    public static int? Integer(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        // Parsed JSON reads as long; a value built in memory only as the type it was made from.
        long? number = v.TryGetValue<long>(out var n) ? n : v.TryGetValue<int>(out var i) ? i : null;
        return number is >= 0 and <= int.MaxValue ? (int)number.Value : null;
    }

    /// <summary>A string field, or null when absent or not a string.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Whether an object names this workload as its controller (ownerReferences, controller: true).</summary>
    public bool Owns(JsonNode? obj) =>
        Uid is not null && (obj?["metadata"]?["ownerReferences"] as JsonArray ?? []).Any(r =>
            Text(r?["uid"]) == Uid && r?["controller"] is JsonValue c && c.TryGetValue<bool>(out var isController) && isController);
}
