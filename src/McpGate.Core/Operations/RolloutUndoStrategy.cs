using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Checks;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Manifests;

namespace McpGate.Core.Operations;

/// <summary>
/// <c>rollout_undo</c>: <c>kubectl rollout undo</c>. The workload's pod template goes back to that of
/// the previous revision (the highest below the current one) or of the revision the manifest's
/// <c>operation.revision</c> parameter names: a merge patch that makes <c>spec.template</c> equal to the
/// recorded template (minus the <c>pod-template-hash</c> label), under the workload's resourceVersion.
/// Deployments keep revisions as ReplicaSets, StatefulSets and DaemonSets as ControllerRevisions.
/// Inverse: a merge patch back to the template observed.
/// </summary>
internal sealed class RolloutUndoStrategy : IWriteStrategy
{
    public const string ActionName = "rollout_undo";

    public string Action => ActionName;

    public async Task<WritePlan> PlanAsync(WriteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Operation.Target;
        var observed = await StrategyReads.ExistingAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
        var workload = Workload.Of(target, observed) is { Resource: not "replicasets" } w
            ? w
            : throw new ProposalException($"{target.Resource} {target} keeps no revision history: rollout_undo works on deployments, statefulsets and daemonsets.");
        var kind = Singular(target.Resource);
        if (observed["spec"]?["paused"] is System.Text.Json.Nodes.JsonValue paused && paused.TryGetValue<bool>(out var isPaused) && isPaused)
        {
            // As kubectl: a paused deployment's controller would not roll the template out, so the undo would sit unapplied.
            throw new ProposalException($"{kind} {target} is paused: a rollback would not roll out until it is resumed. Resume it first (kubectl rollout resume), then undo.");
        }

        var revisions = await WorkloadRevisions.ListAsync(context.Cluster, workload, cancellationToken).ConfigureAwait(false);
        var current = WorkloadRevisions.Current(workload, revisions);
        var wanted = context.Tool.Operation.RevisionParameter is { } parameter ? context.Arguments.GetInteger(parameter) : null;
        var chosen = wanted is { } number
            ? revisions.FirstOrDefault(r => r.Number == number)
                ?? throw new ProposalException($"{kind} {target} has no revision {number}; "
                    + (revisions.Count == 0 ? "it keeps no revisions." : $"the revisions it keeps are: {WorkloadRevisions.Show(revisions)} (current {Show(current)})."))
            : revisions.LastOrDefault(r => current is null || r.Number < current)
                ?? throw new ProposalException($"nothing to roll back to: {kind} {target} has no revision before its current one "
                    + (revisions.Count == 0 ? "(it keeps no revisions)." : $"(revisions kept: {WorkloadRevisions.Show(revisions)}, current {Show(current)})."));

        if (WorkloadRevisions.SameTemplate(chosen.Template, workload.Template))
        {
            throw new ProposalException($"revision {chosen.Number} of {kind} {target} has the pod template the {kind} runs now: rolling back to it would change nothing.");
        }

        var body = InversePatch.Between(
            new JsonObject { ["spec"] = new JsonObject { ["template"] = workload.Template?.DeepClone() ?? new JsonObject() } },
            new JsonObject { ["spec"] = new JsonObject { ["template"] = chosen.Template.DeepClone() } });
        return WritePlan.OneStep(Action, new WriteStep
        {
            Verb = WriteVerb.Patch,
            Target = ChangeTarget.From(target),
            PatchType = PatchType.Merge,
            Body = body,
            Precondition = WritePrecondition.Of(observed),
        }, observed);
    }

    public WriteInverse Inverse(WritePlan plan, IReadOnlyList<JsonObject?> dryRuns) => StrategyReads.RestoreObserved(plan, dryRuns);

    private static string Singular(string resource) => resource.EndsWith('s') ? resource[..^1] : resource;

    private static string Show(long? revision) => revision?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
}
