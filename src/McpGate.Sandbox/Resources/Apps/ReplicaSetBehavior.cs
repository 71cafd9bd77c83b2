using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Apps;

/// <summary>ReplicaSets: usually the deployment controller's, with status and scale subresources.</summary>
internal sealed class ReplicaSetBehavior : ResourceBehavior
{
    public override bool TracksGeneration => true;

    public override bool OwnsDependents => true;

    public override bool IsDependent => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Desired", "integer", string.Empty, "Replicas is the number of desired pods."),
        new("Current", "integer", string.Empty, "Replicas is the most recently observed number of replicas."),
        new("Ready", "integer", string.Empty, "The number of ready replicas for this replica set."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("Containers", "string", string.Empty, "Names of each container in the template.", 1),
        new("Images", "string", string.Empty, "Images referenced by each container in the template.", 1),
        new("Selector", "string", string.Empty, "Selector is a label query over pods that should match the replica count.", 1),
    ];

    public override void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject { ["replicas"] = 0 };
    }

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonFields.Object(obj, "spec");
        spec["replicas"] ??= 1;
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
        WorkloadRules.Count(obj, "spec", "replicas"),
        WorkloadRules.Count(obj, "status", "replicas"),
        WorkloadRules.Count(obj, "status", "readyReplicas"),
        Age(obj, now),
        WorkloadRules.Containers(obj, "name"),
        WorkloadRules.Containers(obj, "image"),
        WorkloadRules.Selector(obj),
    ];
}
