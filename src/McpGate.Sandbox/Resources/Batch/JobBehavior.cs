using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources.Apps;

namespace McpGate.Sandbox.Resources.Batch;

/// <summary>Jobs: selector and pod labels generated from the uid, as batch/v1 does; run to completion by the controller.</summary>
internal sealed class JobBehavior : ResourceBehavior
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    public override bool TracksGeneration => true;

    public override bool OwnsDependents => true;

    public override bool IsDependent => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Status", "string", string.Empty, "Status of the job."),
        new("Completions", "string", string.Empty, "The desired number of successfully finished pods the job should be run with."),
        new("Duration", "string", string.Empty, "Time required to complete the job."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("Containers", "string", string.Empty, "Names of each container in the template.", 1),
        new("Images", "string", string.Empty, "Images referenced by each container in the template.", 1),
        new("Selector", "string", string.Empty, "A label query over pods that should match the pod count.", 1),
    ];

    public override void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject();
        var spec = JsonFields.Object(obj, "spec");
        if (spec["manualSelector"]?.GetValue<bool>() == true)
        {
            return;
        }

        var uid = JsonFields.String(obj, "metadata", "uid") ?? string.Empty;
        var name = JsonFields.String(obj, "metadata", "name") ?? string.Empty;
        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [ControllerUidLabel] = uid } };
        var labels = JsonFields.Object(JsonFields.Object(JsonFields.Object(spec, "template"), "metadata"), "labels");
        labels[ControllerUidLabel] = uid;
        labels[JobNameLabel] = name;
        labels["controller-uid"] = uid;
        labels["job-name"] = name;
    }

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonFields.Object(obj, "spec");
        spec["parallelism"] ??= 1;
        spec["completions"] ??= 1;
        spec["backoffLimit"] ??= 6;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["podReplacementPolicy"] ??= "TerminatingOrFailed";
        WorkloadRules.DefaultTemplate(spec);
    }

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        var spec = JsonFields.FindObject(obj, "spec");
        WorkloadRules.ValidateSelectorAndTemplate(spec, causes);
        var restartPolicy = JsonFields.String(spec, "template", "spec", "restartPolicy");
        if (restartPolicy is not ("Never" or "OnFailure"))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{restartPolicy}\": supported values: \"OnFailure\", \"Never\"", "spec.template.spec.restartPolicy"));
        }
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var start = Timestamps.Parse(JsonFields.String(obj, "status", "startTime"));
        var end = Timestamps.Parse(JsonFields.String(obj, "status", "completionTime")) ?? now;
        return
        [
            Name(obj),
            Status(obj),
            string.Create(CultureInfo.InvariantCulture, $"{WorkloadRules.Count(obj, "status", "succeeded")}/{JsonFields.Integer(obj, "spec", "completions") ?? 1}"),
            start is null ? string.Empty : Timestamps.HumanAge(start, end),
            Age(obj, now),
            WorkloadRules.Containers(obj, "name"),
            WorkloadRules.Containers(obj, "image"),
            WorkloadRules.Selector(obj),
        ];
    }

    public static bool HasCondition(JsonObject job, string type) =>
        (JsonFields.FindArray(job, "status", "conditions") ?? []).Any(c => JsonFields.String(c, "type") == type && JsonFields.String(c, "status") == "True");

    private static string Status(JsonObject job) =>
        HasCondition(job, "Complete") ? "Complete"
        : HasCondition(job, "Failed") ? "Failed"
        : HasCondition(job, "FailureTarget") ? "FailureTarget"
        : HasCondition(job, "SuccessCriteriaMet") ? "SuccessCriteriaMet"
        : HasCondition(job, "Suspended") ? "Suspended"
        : "Running";
}
