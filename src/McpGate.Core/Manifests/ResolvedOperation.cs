using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Manifests;

/// <summary>A tool call's operation with every placeholder filled in.</summary>
public sealed record ResolvedOperation
{
    public required OperationAction Action { get; init; }

    /// <summary>The object (or, for <see cref="OperationAction.List"/>, the collection) acted on.</summary>
    public required ResourceRef Target { get; init; }

    /// <summary>
    /// The fields the operation sets, nested at their paths with their parameters' types,
    /// e.g. <c>{"spec":{"replicas":5}}</c>; empty for reads. A fresh object per resolution.
    /// </summary>
    public required JsonObject Patch { get; init; }

    /// <summary>The path of each field set in <see cref="Patch"/>, placeholders filled in (list-element selectors included).</summary>
    public IReadOnlyList<IReadOnlyList<FieldPathSegment>> FieldPaths { get; init; } = [];

    /// <summary>The text of the body parameter (<see cref="OperationSpec.Body"/>), unparsed; null when the operation sets fields.</summary>
    public string? Body { get; init; }

    /// <summary>For reads: the options the call gave (<c>operation.query</c>); <see cref="ReadQuery.None"/> otherwise.</summary>
    public ReadQuery Query { get; init; } = ReadQuery.None;

    /// <summary>For reads by kind: the kind text to resolve through discovery (<see cref="Target"/>'s resource is then empty); null otherwise.</summary>
    public string? Kind { get; init; }

    /// <summary>For reads by kind: the apiVersion that narrows <see cref="Kind"/>; null when the call gave none.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>How a patch is sent: the manifest's type, or the one its patch-type parameter names.</summary>
    public PatchType PatchType { get; init; } = PatchType.Merge;
}
