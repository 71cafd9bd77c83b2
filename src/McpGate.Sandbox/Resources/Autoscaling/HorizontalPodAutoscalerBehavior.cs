using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Autoscaling;

/// <summary>autoscaling/v2 HorizontalPodAutoscalers: stored and printed; status mirrors the target (no metrics server).</summary>
internal sealed class HorizontalPodAutoscalerBehavior : ResourceBehavior
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Reference", "string", string.Empty, "reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource."),
        new("Targets", "string", string.Empty, "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used)."),
        new("MinPods", "string", string.Empty, "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
        new("MaxPods", "integer", string.Empty, "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up."),
        new("Replicas", "integer", string.Empty, "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["currentReplicas"] = 0, ["desiredReplicas"] = 0 };

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonFields.Object(obj, "spec");
        spec["minReplicas"] ??= 1;
        if (spec["metrics"] is not JsonArray { Count: > 0 })
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 80 },
                },
            });
        }
    }

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        var spec = JsonFields.FindObject(obj, "spec");
        if (string.IsNullOrEmpty(JsonFields.String(spec, "scaleTargetRef", "kind")))
        {
            causes.Add(StatusCause.Required("spec.scaleTargetRef.kind", string.Empty));
        }

        if (string.IsNullOrEmpty(JsonFields.String(spec, "scaleTargetRef", "name")))
        {
            causes.Add(StatusCause.Required("spec.scaleTargetRef.name", string.Empty));
        }

        var min = JsonFields.Integer(spec, "minReplicas") ?? 1;
        var max = JsonFields.Integer(spec, "maxReplicas");
        if (max is null or < 1)
        {
            causes.Add(StatusCause.Invalid("spec.maxReplicas", JsonFields.Raw(spec?["maxReplicas"]), "must be greater than or equal to 1"));
        }
        else if (max < min)
        {
            causes.Add(StatusCause.Invalid("spec.maxReplicas", max.Value.ToString(CultureInfo.InvariantCulture), "must be greater than or equal to `minReplicas`"));
        }
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Name(obj),
        $"{JsonFields.String(obj, "spec", "scaleTargetRef", "kind")}/{JsonFields.String(obj, "spec", "scaleTargetRef", "name")}",
        Targets(obj),
        (JsonFields.Integer(obj, "spec", "minReplicas") ?? 1).ToString(CultureInfo.InvariantCulture),
        JsonFields.Integer(obj, "spec", "maxReplicas") ?? 0,
        JsonFields.Integer(obj, "status", "currentReplicas") ?? 0,
        Age(obj, now),
    ];

    private static string Targets(JsonObject obj)
    {
        var parts = new List<string>();
        foreach (var metric in JsonFields.FindArray(obj, "spec", "metrics") ?? [])
        {
            if (JsonFields.String(metric, "type") != "Resource")
            {
                parts.Add("<unknown>");
                continue;
            }

            var target = JsonFields.FindObject(metric, "resource", "target");
            var wanted = JsonFields.Integer(target, "averageUtilization") is { } utilization
                ? string.Create(CultureInfo.InvariantCulture, $"{utilization}%")
                : JsonFields.String(target, "averageValue") ?? JsonFields.String(target, "value") ?? "<unset>";
            parts.Add($"{JsonFields.String(metric, "resource", "name")}: <unknown>/{wanted}");
        }

        return parts.Count == 0 ? "<none>" : string.Join(", ", parts);
    }
}
