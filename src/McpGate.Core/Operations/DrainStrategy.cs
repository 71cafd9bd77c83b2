using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;

namespace McpGate.Core.Operations;

/// <summary>
/// <c>drain</c> (<c>kubectl drain</c>): a merge patch cordoning the node, then one eviction per pod on
/// it, each under the pod's uid (a pod replaced since the proof is not evicted; one gone already
/// counts as evicted). Left alone, as kubectl leaves them: DaemonSet pods (their controller ignores
/// the cordon and would recreate them), mirror (static) pods (the API cannot remove them) and pods
/// already terminating. A pod no controller owns is refused: evicting it would lose it for good.
/// Evictions a PodDisruptionBudget refuses wait in the engine until the change's verify timeout.
/// Inverse: uncordon (the evicted pods are recreated elsewhere by their controllers, not moved back).
/// </summary>
/// <remarks>
/// The cordon's precondition is the node's uid only: a node's resourceVersion moves with every
/// status heartbeat (every few seconds on a real cluster), so a resourceVersion precondition would
/// make every drain fail between approval and execution.
/// </remarks>
internal sealed class DrainStrategy : IWriteStrategy
{
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    private static readonly ResourceRef s_pods = new() { Group = string.Empty, Version = "v1", Resource = "pods" };

    public string Action => "drain";

    public async Task<WritePlan> PlanAsync(WriteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Operation.Target;
        var node = await StrategyReads.ExistingAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
        var list = await context.Cluster.ListAsync(s_pods, new ListFilter { FieldSelector = $"spec.nodeName={target.Name}" }, cancellationToken).ConfigureAwait(false);
        var pods = (list["items"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(p => Text(p["spec"]?["nodeName"]) == target.Name)
            .Where(p => !OwnedBy(p, "DaemonSet") && p["metadata"]?["annotations"]?[MirrorAnnotation] is null && p["metadata"]?["deletionTimestamp"] is null)
            .OrderBy(p => Text(p["metadata"]?["namespace"]), StringComparer.Ordinal)
            .ThenBy(p => Text(p["metadata"]?["name"]), StringComparer.Ordinal)
            .ToList();
        var unmanaged = pods.Where(p => Controller(p) is null).Select(Describe).ToList();
        if (unmanaged.Count > 0)
        {
            throw new ProposalException(
                $"node {target.Name} runs pods no controller owns ({string.Join(", ", unmanaged)}): evicted, they would be gone for good; move or delete them first.");
        }

        var steps = new List<PlannedStep>
        {
            new()
            {
                Step = new WriteStep
                {
                    Verb = WriteVerb.Patch,
                    Target = ChangeTarget.From(target),
                    PatchType = PatchType.Merge,
                    Body = new JsonObject { ["spec"] = new JsonObject { ["unschedulable"] = true } },
                    Precondition = new WritePrecondition { Uid = Text(node["metadata"]?["uid"]) },
                },
                Observed = node,
            },
        };
        foreach (var pod in pods)
        {
            steps.Add(new PlannedStep
            {
                Step = new WriteStep
                {
                    Verb = WriteVerb.Evict,
                    Target = ChangeTarget.From(s_pods with { Namespace = Text(pod["metadata"]?["namespace"]), Name = Text(pod["metadata"]?["name"]) }),
                    Precondition = new WritePrecondition { Uid = Text(pod["metadata"]?["uid"]) },
                },
                Observed = pod,
            });
        }

        return new WritePlan { Action = Action, Steps = steps };
    }

    /// <summary>Uncordon, when the drain cordoned the node (a node cordoned already stays so).</summary>
    public WriteInverse Inverse(WritePlan plan, IReadOnlyList<JsonObject?> dryRuns)
    {
        var inverse = StrategyReads.RestoreObserved(plan, dryRuns);
        return inverse.Steps.Count == 0
            ? WriteInverse.None("the node was cordoned already; the evicted pods are recreated elsewhere by their controllers, not moved back")
            : inverse;
    }

    private static JsonObject? Controller(JsonObject pod) =>
        (pod["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => r["controller"] is JsonValue v && v.TryGetValue<bool>(out var c) && c);

    private static bool OwnedBy(JsonObject pod, string kind) => Text(Controller(pod)?["kind"]) == kind;

    private static string Describe(JsonObject pod) => $"{Text(pod["metadata"]?["namespace"])}/{Text(pod["metadata"]?["name"])}";

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;
}
