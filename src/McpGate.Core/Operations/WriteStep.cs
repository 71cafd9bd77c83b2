using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Operations;

/// <summary>One request a change sends to the cluster, exactly as signed into its proof.</summary>
public sealed record WriteStep
{
    public required WriteVerb Verb { get; init; }

    public required ChangeTarget Target { get; init; }

    /// <summary>For <see cref="WriteVerb.Patch"/>: how <see cref="Body"/> is read.</summary>
    public PatchType? PatchType { get; init; }

    /// <summary>The patch document, or the object applied or created; null for deletes and evictions.</summary>
    public JsonNode? Body { get; init; }

    public required WritePrecondition Precondition { get; init; }

    /// <summary>For <see cref="WriteVerb.Delete"/>: what happens to the object's dependents.</summary>
    public DeletePropagation? Propagation { get; init; }

    public override string ToString() => $"{Verb.ToString().ToLowerInvariant()} {Target.Resource} {Target}";
}
