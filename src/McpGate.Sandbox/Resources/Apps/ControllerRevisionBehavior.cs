using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Apps;

/// <summary>
/// apps/v1 ControllerRevisions: immutable snapshots (<c>data</c>) with a <c>revision</c> number,
/// owned by a StatefulSet or DaemonSet. Stored and listed as the real server does; the sandbox's
/// controllers do not write them, so scenarios and tests create the history they need.
/// </summary>
internal sealed class ControllerRevisionBehavior : ResourceBehavior
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Controller", "string", string.Empty, "Controller of the object"),
        new("Revision", "integer", string.Empty, "Revision indicates the revision of the state represented by Data."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        if (obj["revision"] is not JsonValue revision || !revision.TryGetValue<long>(out var number))
        {
            causes.Add(StatusCause.Required("revision", "Required value"));
        }
        else if (number < 0)
        {
            causes.Add(StatusCause.Invalid("revision", JsonFields.Raw(obj["revision"]), "must be greater than or equal to 0"));
        }
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var owner = (JsonFields.FindObject(obj, "metadata")?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => r["controller"] is JsonValue c && c.TryGetValue<bool>(out var controller) && controller);
        var controllerText = owner is null ? "<none>" : $"{JsonFields.String(owner, "kind")?.ToLowerInvariant()}.{ApiGroup(owner)}/{JsonFields.String(owner, "name")}";
        return [Name(obj), controllerText, JsonFields.Integer(obj, "revision"), Age(obj, now)];
    }

    private static string ApiGroup(JsonObject owner) =>
        JsonFields.String(owner, "apiVersion") is { } apiVersion && apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
}
