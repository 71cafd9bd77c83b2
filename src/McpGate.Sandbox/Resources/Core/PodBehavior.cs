using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Core;

/// <summary>Pods: created Pending; the controller moves them to Running and Ready.</summary>
internal sealed class PodBehavior : ResourceBehavior
{
    public override bool IsDependent => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Ready", "string", string.Empty, "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", string.Empty, "The aggregate status of the containers in this pod."),
        new("Restarts", "string", string.Empty, "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("IP", "string", string.Empty, "IP address allocated to the pod.", 1),
        new("Node", "string", string.Empty, "Name of the Node this pod is scheduled on.", 1),
        new("Nominated Node", "string", string.Empty, "Name of the Node this pod is nominated to be scheduled on.", 1),
        new("Readiness Gates", "string", string.Empty, "Readiness gates of this pod.", 1),
    ];

    public override void PrepareForCreate(JsonObject obj)
    {
        var containerStatuses = new JsonArray();
        foreach (var container in JsonFields.FindArray(obj, "spec", "containers") ?? [])
        {
            containerStatuses.Add((JsonNode)new JsonObject
            {
                ["name"] = JsonFields.String(container, "name"),
                ["image"] = JsonFields.String(container, "image"),
                ["imageID"] = string.Empty,
                ["ready"] = false,
                ["started"] = false,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
            });
        }

        obj["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["containerStatuses"] = containerStatuses,
            ["qosClass"] = "BestEffort",
        };
    }

    public override void ApplyDefaults(JsonObject obj)
    {
        PodSpecRules.ApplyDefaults(JsonFields.Object(obj, "spec"));
    }

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes) =>
        PodSpecRules.Validate(JsonFields.FindObject(obj, "spec"), "spec", causes);

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var containers = JsonFields.FindArray(obj, "spec", "containers")?.Count ?? 0;
        var statuses = JsonFields.FindArray(obj, "status", "containerStatuses") ?? [];
        var ready = statuses.Count(s => s?["ready"]?.GetValue<bool>() == true);
        var restarts = statuses.Sum(s => JsonFields.Integer(s, "restartCount") ?? 0);
        var waiting = statuses.Select(s => JsonFields.String(s, "state", "waiting", "reason")).FirstOrDefault(r => r is not null);
        var terminated = statuses.Select(s => JsonFields.String(s, "state", "terminated", "reason")).FirstOrDefault(r => r is not null);
        var phase = waiting ?? (JsonFields.String(obj, "status", "phase") is "Succeeded" or "Failed" ? terminated : null) ?? JsonFields.String(obj, "status", "phase") ?? "Pending";
        return
        [
            Name(obj),
            $"{ready}/{containers}",
            phase,
            restarts.ToString(),
            Age(obj, now),
            JsonFields.String(obj, "status", "podIP") ?? "<none>",
            JsonFields.String(obj, "spec", "nodeName") ?? "<none>",
            "<none>",
            "<none>",
        ];
    }
}
