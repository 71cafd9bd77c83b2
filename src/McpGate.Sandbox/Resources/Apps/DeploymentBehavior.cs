using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources.Core;

namespace McpGate.Sandbox.Resources.Apps;

/// <summary>Deployments: defaulted like apps/v1, generation tracks spec, status is the controller's.</summary>
internal sealed class DeploymentBehavior : ResourceBehavior
{
    public override bool TracksGeneration => true;

    public override bool OwnsDependents => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Ready", "string", string.Empty, "Number of the pod with ready state"),
        new("Up-to-date", "string", string.Empty, "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        new("Available", "string", string.Empty, "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("Containers", "string", string.Empty, "Names of each container in the template.", 1),
        new("Images", "string", string.Empty, "Images referenced by each container in the template.", 1),
        new("Selector", "string", string.Empty, "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", 1),
    ];

    public override void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject();
    }

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonFields.Object(obj, "spec");
        spec["replicas"] ??= 1;
        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
        var strategy = JsonFields.Object(spec, "strategy");
        strategy["type"] ??= "RollingUpdate";
        if (JsonFields.String(strategy, "type") == "RollingUpdate")
        {
            var rolling = JsonFields.Object(strategy, "rollingUpdate");
            rolling["maxUnavailable"] ??= "25%";
            rolling["maxSurge"] ??= "25%";
        }

        var template = JsonFields.Object(spec, "template");
        JsonFields.Object(template, "metadata");
        PodSpecRules.ApplyDefaults(JsonFields.Object(template, "spec"));
    }

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        var spec = JsonFields.FindObject(obj, "spec");
        var replicas = spec?["replicas"];
        var count = JsonFields.Integer(replicas);
        if (count is null)
        {
            causes.Add(StatusCause.Invalid("spec.replicas", JsonFields.Raw(replicas), "must be an integer"));
        }
        else if (count < 0)
        {
            causes.Add(StatusCause.Invalid("spec.replicas", count.Value.ToString(), "must be greater than or equal to 0"));
        }

        var selector = JsonFields.FindObject(spec, "selector");
        var templateLabels = JsonFields.StringMap(JsonFields.FindObject(spec, "template", "metadata", "labels"));
        if (selector is null || (JsonFields.FindObject(selector, "matchLabels") is not { Count: > 0 } && JsonFields.FindArray(selector, "matchExpressions") is not { Count: > 0 }))
        {
            causes.Add(StatusCause.Required("spec.selector", string.Empty));
        }
        else if (!LabelSelector.FromJson(selector).Matches(templateLabels))
        {
            var shown = "map[string]string{" + string.Join(", ", templateLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}";
            causes.Add(StatusCause.Invalid("spec.template.metadata.labels", shown, "`selector` does not match template `labels`"));
        }

        PodSpecRules.Validate(JsonFields.FindObject(spec, "template", "spec"), "spec.template.spec", causes);
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var desired = JsonFields.Integer(obj, "spec", "replicas") ?? 0;
        var ready = JsonFields.Integer(obj, "status", "readyReplicas") ?? 0;
        var containers = JsonFields.FindArray(obj, "spec", "template", "spec", "containers") ?? [];
        return
        [
            Name(obj),
            $"{ready}/{desired}",
            JsonFields.Integer(obj, "status", "updatedReplicas") ?? 0,
            JsonFields.Integer(obj, "status", "availableReplicas") ?? 0,
            Age(obj, now),
            string.Join(",", containers.Select(c => JsonFields.String(c, "name"))),
            string.Join(",", containers.Select(c => JsonFields.String(c, "image"))),
            LabelSelector.FromJson(JsonFields.FindObject(obj, "spec", "selector")).ToString(),
        ];
    }
}
