using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Apps;

/// <summary>DaemonSets: one pod per eligible node, placed by the controller.</summary>
internal sealed class DaemonSetBehavior : ResourceBehavior
{
    public override bool TracksGeneration => true;

    public override bool OwnsDependents => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Desired", "integer", string.Empty, "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
        new("Current", "integer", string.Empty, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
        new("Ready", "integer", string.Empty, "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
        new("Up-to-date", "integer", string.Empty, "The total number of nodes that are running updated daemon pod"),
        new("Available", "integer", string.Empty, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
        new("Node Selector", "string", string.Empty, "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("Containers", "string", string.Empty, "Names of each container in the template.", 1),
        new("Images", "string", string.Empty, "Images referenced by each container in the template.", 1),
        new("Selector", "string", string.Empty, "A label query over pods that are managed by the daemon set.", 1),
    ];

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject
    {
        ["currentNumberScheduled"] = 0,
        ["numberMisscheduled"] = 0,
        ["desiredNumberScheduled"] = 0,
        ["numberReady"] = 0,
    };

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonFields.Object(obj, "spec");
        spec["revisionHistoryLimit"] ??= 10;
        var strategy = JsonFields.Object(spec, "updateStrategy");
        strategy["type"] ??= "RollingUpdate";
        if (JsonFields.String(strategy, "type") == "RollingUpdate")
        {
            var rolling = JsonFields.Object(strategy, "rollingUpdate");
            rolling["maxUnavailable"] ??= 1;
            rolling["maxSurge"] ??= 0;
        }

        WorkloadRules.DefaultTemplate(spec);
    }

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes) =>
        WorkloadRules.ValidateSelectorAndTemplate(JsonFields.FindObject(obj, "spec"), causes);

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var nodeSelector = JsonFields.StringMap(JsonFields.FindObject(obj, "spec", "template", "spec", "nodeSelector"));
        return
        [
            Name(obj),
            WorkloadRules.Count(obj, "status", "desiredNumberScheduled"),
            WorkloadRules.Count(obj, "status", "currentNumberScheduled"),
            WorkloadRules.Count(obj, "status", "numberReady"),
            WorkloadRules.Count(obj, "status", "updatedNumberScheduled"),
            WorkloadRules.Count(obj, "status", "numberAvailable"),
            nodeSelector.Count == 0 ? "<none>" : string.Join(",", nodeSelector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
            Age(obj, now),
            WorkloadRules.Containers(obj, "name"),
            WorkloadRules.Containers(obj, "image"),
            WorkloadRules.Selector(obj),
        ];
    }
}
