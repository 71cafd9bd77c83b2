using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Resources.Core;

/// <summary>
/// v1 PersistentVolumeClaims: access modes and a storage request are required, volumeMode defaults to
/// Filesystem. No provisioner runs here, so a claim stays Pending with no volume.
/// </summary>
internal sealed class PersistentVolumeClaimBehavior : ResourceBehavior
{
    private static readonly string[] s_accessModes = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "string", "name", "Name must be unique within a namespace."),
        new("Status", "string", string.Empty, "Phase represents the current phase of PersistentVolumeClaim."),
        new("Volume", "string", string.Empty, "The binding reference to the PersistentVolume backing this claim."),
        new("Capacity", "string", string.Empty, "The actual resources of the underlying volume."),
        new("Access Modes", "string", string.Empty, "The actual access modes the volume backing the PVC has."),
        new("StorageClass", "string", string.Empty, "The name of the StorageClass required by the claim."),
        new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["phase"] = "Pending" };

    public override void ApplyDefaults(JsonObject obj) => JsonFields.Object(obj, "spec")["volumeMode"] ??= "Filesystem";

    public override void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
        var modes = (JsonFields.FindArray(obj, "spec", "accessModes") ?? []).Select(m => JsonFields.String(m)).ToList();
        if (modes.Count == 0)
        {
            causes.Add(StatusCause.Required("spec.accessModes", "at least 1 access mode is required"));
        }

        foreach (var mode in modes.Where(m => !s_accessModes.Contains(m, StringComparer.Ordinal)))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{mode}\": supported values: {string.Join(", ", s_accessModes.Select(m => $"\"{m}\""))}", "spec.accessModes"));
        }

        var storage = JsonFields.String(obj, "spec", "resources", "requests", "storage");
        if (string.IsNullOrEmpty(storage))
        {
            causes.Add(StatusCause.Required("spec.resources[storage]", string.Empty));
        }
    }

    public override IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Name(obj),
        JsonFields.String(obj, "status", "phase") ?? "Pending",
        JsonFields.String(obj, "spec", "volumeName") ?? string.Empty,
        JsonFields.String(obj, "status", "capacity", "storage") ?? string.Empty,
        string.Join(",", (JsonFields.FindArray(obj, "status", "accessModes") ?? []).Select(m => Short(JsonFields.String(m)))),
        JsonFields.String(obj, "spec", "storageClassName") ?? "<unset>",
        Age(obj, now),
    ];

    private static string Short(string? mode) => mode switch
    {
        "ReadWriteOnce" => "RWO",
        "ReadOnlyMany" => "ROX",
        "ReadWriteMany" => "RWX",
        "ReadWriteOncePod" => "RWOP",
        _ => mode ?? string.Empty,
    };
}
