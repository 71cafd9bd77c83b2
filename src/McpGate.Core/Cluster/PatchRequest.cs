using System.Text.Json.Nodes;

namespace McpGate.Core.Cluster;

/// <summary>
/// One PATCH as a strategy builds it: the same value is dry-run and then executed. With
/// <see cref="ResourceVersion"/> set the server refuses the write (<see cref="ClusterErrorKind.Conflict"/>)
/// when the object changed since it was read: sent as <c>metadata.resourceVersion</c> in a merge or
/// strategic body, as a leading <c>test</c> operation on <c>/metadata/resourceVersion</c> in a JSON patch.
/// </summary>
public sealed record PatchRequest
{
    public required PatchType Type { get; init; }

    /// <summary>An array of operations for <see cref="PatchType.Json"/>, an object otherwise. Never modified; the port sends a copy.</summary>
    public required JsonNode Patch { get; init; }

    /// <summary>The resourceVersion the object must still have; null for an unconditional patch.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>A subresource to patch instead of the object, e.g. <c>scale</c> or <c>status</c>; null for the object itself.</summary>
    public string? Subresource { get; init; }

    public string FieldManager { get; init; } = FieldManagers.Default;
}
