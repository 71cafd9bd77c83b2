using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources.Core;

namespace McpGate.Sandbox.Resources.Batch;

/// <summary>CronJobs: stored and printed like batch/v1; the sandbox does not schedule them.</summary>
internal sealed class CronJobBehavior : ResourceBehavior
{
    public override bool TracksGeneration => true;

    public override bool OwnsDependents => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Schedule", "string", string.Empty, "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
        new("Timezone", "string", string.Empty, "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
        new("Suspend", "boolean", string.Empty, "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."),
        new("Active", "integer", string.Empty, "A list of pointers to currently running jobs."),
        new("Last Schedule", "string", string.Empty, "Information when was the last time the job was successfully scheduled."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("Containers", "string", string.Empty, "Names of each container in the template.", 1),
        new("Images", "string", string.Empty, "Images referenced by each container in the template.", 1),
        new("Selector", "string", string.Empty, "A label query over pods that should match the pod count.", 1),
    ];

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject();

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = JsonFields.Object(obj, "spec");
        spec["concurrencyPolicy"] ??= "Allow";
        spec["suspend"] ??= false;
        spec["successfulJobsHistoryLimit"] ??= 3;
        spec["failedJobsHistoryLimit"] ??= 1;
        var jobSpec = JsonFields.Object(JsonFields.Object(spec, "jobTemplate"), "spec");
        jobSpec["backoffLimit"] ??= 6;
        var template = JsonFields.Object(jobSpec, "template");
        JsonFields.Object(template, "metadata");
        PodSpecRules.ApplyDefaults(JsonFields.Object(template, "spec"));
    }

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        if (string.IsNullOrWhiteSpace(JsonFields.String(obj, "spec", "schedule")))
        {
            causes.Add(StatusCause.Required("spec.schedule", string.Empty));
        }

        PodSpecRules.Validate(JsonFields.FindObject(obj, "spec", "jobTemplate", "spec", "template", "spec"), "spec.jobTemplate.spec.template.spec", causes);
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var containers = JsonFields.FindArray(obj, "spec", "jobTemplate", "spec", "template", "spec", "containers") ?? [];
        var lastSchedule = JsonFields.String(obj, "status", "lastScheduleTime");
        return
        [
            Name(obj),
            JsonFields.String(obj, "spec", "schedule") ?? string.Empty,
            JsonFields.String(obj, "spec", "timeZone") ?? "<none>",
            obj["spec"]?["suspend"]?.GetValue<bool>() == true ? "True" : "False",
            (long)(JsonFields.FindArray(obj, "status", "active")?.Count ?? 0),
            lastSchedule is null ? "<none>" : Timestamps.HumanAge(Timestamps.Parse(lastSchedule), now),
            Age(obj, now),
            string.Join(",", containers.Select(c => JsonFields.String(c, "name"))),
            string.Join(",", containers.Select(c => JsonFields.String(c, "image"))),
            "<none>",
        ];
    }
}
