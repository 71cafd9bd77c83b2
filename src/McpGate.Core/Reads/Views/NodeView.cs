using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Views;

/// <summary>
/// Nodes as <c>kubectl get nodes</c> shows them (STATUS with SchedulingDisabled, ROLES, AGE, VERSION), and in
/// structured content what explains a node in trouble: the conditions that are not normal, capacity and
/// allocatable, taints and whether it is cordoned.
/// </summary>
public sealed class NodeView : IResourceView
{
    private const string RolePrefix = "node-role.kubernetes.io/";

    public IReadOnlyList<string> Columns { get; } = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"];

    public IReadOnlyList<string> Row(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectFields.Name(obj),
        Status(obj),
        Roles(obj),
        Ages.Since(obj["metadata"]?["creationTimestamp"], now),
        ObjectFields.Text(obj["status"]?["nodeInfo"]?["kubeletVersion"]) ?? string.Empty,
    ];

    public JsonObject Summary(JsonObject obj, DateTimeOffset now)
    {
        var view = ObjectFields.Identity(obj);
        var status = obj["status"];
        view["status"] = Status(obj);
        view["roles"] = new JsonArray([.. RoleNames(obj).Select(r => (JsonNode)r)]);
        view["version"] = status?["nodeInfo"]?["kubeletVersion"]?.DeepClone();
        view["unschedulable"] = Unschedulable(obj);
        view["conditions"] = new JsonArray([.. ObjectFields.Objects(status?["conditions"]).Where(Abnormal).Select(c => (JsonNode)Condition(c))]);
        view["capacity"] = Resources(status?["capacity"]);
        view["allocatable"] = Resources(status?["allocatable"]);
        view["taints"] = new JsonArray([.. ObjectFields.Objects(obj["spec"]?["taints"]).Select(t => (JsonNode)new JsonObject
        {
            ["key"] = t["key"]?.DeepClone(),
            ["value"] = t["value"]?.DeepClone(),
            ["effect"] = t["effect"]?.DeepClone(),
        })]);
        return Redaction.Redact(view);
    }

    /// <summary>The summary plus every condition, addresses and the node's software.</summary>
    public JsonObject Detail(JsonObject obj, DateTimeOffset now)
    {
        var view = Summary(obj, now);
        var status = obj["status"];
        view["conditions"] = new JsonArray([.. ObjectFields.Objects(status?["conditions"]).Select(c => (JsonNode)Condition(c))]);
        view["addresses"] = status?["addresses"]?.DeepClone();
        view["nodeInfo"] = status?["nodeInfo"]?.DeepClone();
        view["podCIDR"] = obj["spec"]?["podCIDR"]?.DeepClone();
        return Redaction.Redact(view);
    }

    /// <summary><c>Ready</c>, <c>NotReady</c> or <c>Unknown</c>, with <c>,SchedulingDisabled</c> when cordoned.</summary>
    public static string Status(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var ready = ObjectFields.Objects(obj["status"]?["conditions"]).FirstOrDefault(c => ObjectFields.Text(c["type"]) == "Ready");
        var state = ObjectFields.Text(ready?["status"]) switch
        {
            "True" => "Ready",
            "False" => "NotReady",
            _ => "Unknown",
        };
        return Unschedulable(obj) ? state + ",SchedulingDisabled" : state;
    }

    /// <summary>A condition that says something is wrong: Ready not True, or a pressure or unavailability condition not False.</summary>
    public static bool Abnormal(JsonObject condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var status = ObjectFields.Text(condition["status"]);
        return ObjectFields.Text(condition["type"]) == "Ready" ? status != "True" : status != "False";
    }

    private static bool Unschedulable(JsonObject obj) => ObjectFields.Flag(obj["spec"]?["unschedulable"]) ?? false;

    private static string Roles(JsonObject obj) => RoleNames(obj) is { Count: > 0 } roles ? string.Join(",", roles) : "<none>";

    private static List<string> RoleNames(JsonObject obj) =>
        [.. (obj["metadata"]?["labels"] as JsonObject ?? [])
            .Select(l => l.Key)
            .Where(k => k.StartsWith(RolePrefix, StringComparison.Ordinal) && k.Length > RolePrefix.Length)
            .Select(k => k[RolePrefix.Length..])
            .Order(StringComparer.Ordinal)];

    private static JsonObject Condition(JsonObject c) => new()
    {
        ["type"] = c["type"]?.DeepClone(),
        ["status"] = c["status"]?.DeepClone(),
        ["reason"] = c["reason"]?.DeepClone(),
        ["message"] = c["message"]?.DeepClone(),
        ["lastTransitionTime"] = c["lastTransitionTime"]?.DeepClone(),
    };

    /// <summary>cpu, memory and pods, as the node states them.</summary>
    private static JsonObject Resources(JsonNode? resources) => new()
    {
        ["cpu"] = resources?["cpu"]?.DeepClone(),
        ["memory"] = resources?["memory"]?.DeepClone(),
        ["pods"] = resources?["pods"]?.DeepClone(),
    };
}
