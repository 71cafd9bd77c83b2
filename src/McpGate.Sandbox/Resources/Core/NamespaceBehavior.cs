using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Storage;

namespace McpGate.Sandbox.Resources.Core;

/// <summary>Namespaces: always Active here; deleting one removes everything in it at once.</summary>
internal sealed class NamespaceBehavior : ResourceBehavior
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Status", "string", string.Empty, "The status of the namespace"),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public override void PrepareForCreate(JsonObject obj)
    {
        obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        obj["status"] = new JsonObject { ["phase"] = "Active" };
    }

    public override void ApplyDefaults(JsonObject obj)
    {
        var labels = JsonFields.Object(JsonFields.Metadata(obj), "labels");
        labels["kubernetes.io/metadata.name"] = Name(obj);
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
        [Name(obj), JsonFields.String(obj, "status", "phase") ?? "Active", Age(obj, now)];

    public override void OnDeleted(StoreTransaction transaction, JsonObject deleted)
    {
        foreach (var key in transaction.KeysInNamespace(Name(deleted)))
        {
            transaction.Remove(key);
        }
    }
}
