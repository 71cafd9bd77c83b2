using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Operations;

/// <summary>
/// Every request a change will send, in order, each under its precondition, and the writes that
/// would undo them: what the proof signs, what the approver approves and what the engine executes.
/// </summary>
public sealed record WriteRequest
{
    /// <summary>The manifest's <c>operation.action</c> whose strategy built the request (and knows how to reconcile it).</summary>
    public required string Action { get; init; }

    public required IReadOnlyList<WriteStep> Steps { get; init; }

    /// <summary>
    /// The writes that would return the targets to the observed state (without preconditions: a
    /// rollback is proposed, proven and approved as a change of its own); empty when there is no inverse.
    /// </summary>
    public IReadOnlyList<WriteStep> Inverse { get; init; } = [];

    /// <summary>Why there is no inverse, when <see cref="Inverse"/> is empty.</summary>
    public string? NoInverseReason { get; init; }

    /// <summary>
    /// The request of a change proven before proofs carried one: a merge patch of the target's
    /// fields under the observed resourceVersion (what <c>scale</c> always sent).
    /// </summary>
    public static WriteRequest Legacy(ChangeTarget target, JsonObject patch, string? observedResourceVersion) => new()
    {
        Action = "scale",
        Steps =
        [
            new WriteStep
            {
                Verb = WriteVerb.Patch,
                Target = target,
                PatchType = Cluster.PatchType.Merge,
                Body = patch.DeepClone(),
                Precondition = new WritePrecondition { ResourceVersion = observedResourceVersion },
            },
        ],
        NoInverseReason = "proven before proofs named an inverse",
    };
}
