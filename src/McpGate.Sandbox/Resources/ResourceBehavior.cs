using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Storage;

namespace McpGate.Sandbox.Resources;

/// <summary>Defaults for behaviours: nothing to reset, default, validate or cascade.</summary>
internal abstract class ResourceBehavior : IResourceBehavior
{
    public virtual bool TracksGeneration => false;

    public virtual bool OwnsDependents => false;

    public virtual bool IsDependent => false;

    public abstract IReadOnlyList<TableColumn> Columns { get; }

    public virtual void PrepareForCreate(JsonObject obj)
    {
    }

    public virtual void ApplyDefaults(JsonObject obj)
    {
    }

    public virtual void Validate(JsonObject obj, ICollection<StatusCause> causes)
    {
    }

    public abstract IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now);

    public virtual void OnDeleted(StoreTransaction transaction, JsonObject deleted)
    {
    }

    protected static string Name(JsonObject obj) => JsonFields.String(obj, "metadata", "name") ?? string.Empty;

    protected static string Age(JsonObject obj, DateTimeOffset now) =>
        Timestamps.HumanAge(Timestamps.Parse(JsonFields.String(obj, "metadata", "creationTimestamp")), now);
}
