using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// A Deployment's rollout judged from its status as <c>kubectl rollout status</c> does: the
/// controller must have observed this generation; a Progressing condition with reason
/// ProgressDeadlineExceeded fails; then updated, ready and available replicas must reach the
/// desired count with no old replicas left.
/// </summary>
internal static class DeploymentRollout
{
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    public static ProbeResult Judge(JsonObject deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var generation = ObjectFields.Long(deployment["metadata"]?["generation"]);
        var status = deployment["status"];
        var observed = ObjectFields.Long(status?["observedGeneration"]);
        var desired = ObjectFields.OptionalLong(deployment["spec"]?["replicas"]) ?? 1;
        var updated = ObjectFields.Long(status?["updatedReplicas"]);
        var ready = ObjectFields.Long(status?["readyReplicas"]);
        var available = ObjectFields.Long(status?["availableReplicas"]);
        var total = ObjectFields.Long(status?["replicas"]);
        var progressing = ObjectFields.Condition(deployment, "Progressing");
        List<ProbeFact> facts =
        [
            new("generation", ObjectFields.Text(generation)),
            new("observedGeneration", ObjectFields.Text(observed)),
            new("desiredReplicas", ObjectFields.Text(desired)),
            new("updatedReplicas", ObjectFields.Text(updated)),
            new("readyReplicas", ObjectFields.Text(ready)),
            new("availableReplicas", ObjectFields.Text(available)),
            new("replicas", ObjectFields.Text(total)),
        ];
        if (progressing is not null)
        {
            facts.Add(new ProbeFact("progressing", $"{ObjectFields.String(progressing["status"])} {ObjectFields.String(progressing["reason"])}: {ObjectFields.String(progressing["message"])}"));
        }

        var counts = $"{ready}/{desired} ready, {updated} updated, {available} available";

        // First the controller must have seen this generation, so a condition left over from an
        // earlier rollout is never mistaken for this one's.
        if (observed < generation)
        {
            return ProbeResult.Progressing($"waiting for the controller to observe generation {generation} (seen {observed})", facts);
        }

        if (ObjectFields.String(progressing?["reason"]) == ProgressDeadlineExceeded)
        {
            return ProbeResult.Failed($"rollout exceeded its progress deadline ({counts})", facts);
        }

        if (updated < desired)
        {
            return ProbeResult.Progressing($"{updated} of {desired} new replicas updated ({counts})", facts);
        }

        if (total > updated)
        {
            return ProbeResult.Progressing($"{total - updated} old replicas pending termination ({counts})", facts);
        }

        if (available < updated || ready < desired)
        {
            return ProbeResult.Progressing($"{available} of {updated} updated replicas available ({counts})", facts);
        }

        return ProbeResult.Done($"rollout complete: {counts}, generation {generation}", facts);
    }
}
