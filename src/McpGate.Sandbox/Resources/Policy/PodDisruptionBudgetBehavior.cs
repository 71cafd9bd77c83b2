using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Policy;

/// <summary>policy/v1 PodDisruptionBudgets; the disruption controller computes their status, eviction honours it.</summary>
internal sealed class PodDisruptionBudgetBehavior : ResourceBehavior
{
    public override bool TracksGeneration => true;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Min Available", "string", string.Empty, "The minimum number of pods that must be available simultaneously.  This can be either an integer or a string specifying a percentage, e.g. \"28%\"."),
        new("Max Unavailable", "string", string.Empty, "The maximum number of pods that may be unavailable simultaneously.  This can be either an integer or a string specifying a percentage, e.g. \"28%\"."),
        new("Allowed Disruptions", "integer", string.Empty, "Calculated number of pods that may be disrupted at this time."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject
    {
        ["disruptionsAllowed"] = 0,
        ["currentHealthy"] = 0,
        ["desiredHealthy"] = 0,
        ["expectedPods"] = 0,
    };

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        var spec = JsonFields.FindObject(obj, "spec");
        if (spec?["minAvailable"] is not null && spec["maxUnavailable"] is not null)
        {
            causes.Add(StatusCause.Invalid("spec", JsonFields.Raw(spec), "minAvailable and maxUnavailable cannot be both set"));
        }
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Name(obj),
        Shown(obj["spec"]?["minAvailable"]),
        Shown(obj["spec"]?["maxUnavailable"]),
        JsonFields.Integer(obj, "status", "disruptionsAllowed") ?? 0,
        Age(obj, now),
    ];

    private static string Shown(JsonNode? value) =>
        value is null ? "N/A" : JsonFields.Integer(value)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? JsonFields.String(value) ?? "N/A";
}
