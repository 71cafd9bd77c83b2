using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Storage;

namespace McpGate.Sandbox.Resources;

/// <summary>What makes one resource type different from another: defaults, validation, printing.</summary>
internal interface IResourceBehavior
{
    /// <summary>Whether metadata.generation counts spec changes.</summary>
    bool TracksGeneration { get; }

    /// <summary>Whether objects of this type own others through ownerReferences (deployments, replicasets).</summary>
    bool OwnsDependents { get; }

    /// <summary>Whether objects of this type are garbage-collected when their owners are gone.</summary>
    bool IsDependent { get; }

    /// <summary>Columns of the Table kubectl prints.</summary>
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>Resets server-owned fields (usually status) on create.</summary>
    void PrepareForCreate(JsonObject obj);

    /// <summary>Fills defaulted fields; runs on every create and update, including dry runs.</summary>
    void ApplyDefaults(JsonObject obj);

    /// <summary>Reports every invalid field at once.</summary>
    void Validate(JsonObject obj, ICollection<StatusCause> causes);

    /// <summary>The cells of one Table row, in column order.</summary>
    IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now);

    /// <summary>Runs inside the delete transaction, e.g. to remove a namespace's contents.</summary>
    void OnDeleted(StoreTransaction transaction, JsonObject deleted);
}
