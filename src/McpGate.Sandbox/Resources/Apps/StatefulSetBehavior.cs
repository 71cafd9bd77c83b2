using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Apps;

/// <summary>StatefulSets: defaulted like apps/v1, pods name-0..N-1 created in order by the controller.</summary>
internal sealed class StatefulSetBehavior : ResourceBehavior
{
    public override bool TracksGeneration => true;

    public override bool OwnsDependents => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Ready", "string", string.Empty, "Number of the pod with ready state"),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("Containers", "string", string.Empty, "Names of each container in the template.", 1),
        new("Images", "string", string.Empty, "Images referenced by each container in the template.", 1),
    ];

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["replicas"] = 0, ["availableReplicas"] = 0 };

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonFields.Object(obj, "spec");
        spec["replicas"] ??= 1;
        spec["podManagementPolicy"] ??= "OrderedReady";
        spec["revisionHistoryLimit"] ??= 10;
        var strategy = JsonFields.Object(spec, "updateStrategy");
        strategy["type"] ??= "RollingUpdate";
        if (JsonFields.String(strategy, "type") == "RollingUpdate")
        {
            JsonFields.Object(strategy, "rollingUpdate")["partition"] ??= 0;
        }

        var retention = JsonFields.Object(spec, "persistentVolumeClaimRetentionPolicy");
        retention["whenDeleted"] ??= "Retain";
        retention["whenScaled"] ??= "Retain";
        WorkloadRules.DefaultTemplate(spec);
    }

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        var spec = JsonFields.FindObject(obj, "spec");
        WorkloadRules.ValidateReplicas(spec, causes);
        WorkloadRules.ValidateSelectorAndTemplate(spec, causes);
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Name(obj),
        $"{WorkloadRules.Count(obj, "status", "readyReplicas")}/{WorkloadRules.Count(obj, "spec", "replicas")}",
        Age(obj, now),
        WorkloadRules.Containers(obj, "name"),
        WorkloadRules.Containers(obj, "image"),
    ];
}
