using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// A StatefulSet's rollout as <c>kubectl rollout status</c> judges it: the controller has observed
/// this generation and readyReplicas reached spec.replicas; with a RollingUpdate partition P, the
/// ordinals from P up (replicas - P pods) must run the update revision; without one,
/// currentRevision must have caught up with updateRevision. OnDelete sets never replace pods, so
/// only readiness is judged, with medium confidence.
/// </summary>
internal static class StatefulSetRollout
{
    public static ProbeResult Judge(JsonObject set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var generation = ObjectFields.Long(set["metadata"]?["generation"]);
        var status = set["status"];
        var observed = ObjectFields.Long(status?["observedGeneration"]);
        var desired = ObjectFields.OptionalLong(set["spec"]?["replicas"]) ?? 1;
        var ready = ObjectFields.Long(status?["readyReplicas"]);
        var updated = ObjectFields.Long(status?["updatedReplicas"]);
        var strategy = ObjectFields.String(set["spec"]?["updateStrategy"]?["type"]) ?? "RollingUpdate";
        var partition = ObjectFields.Long(set["spec"]?["updateStrategy"]?["rollingUpdate"]?["partition"]);
        var currentRevision = ObjectFields.String(status?["currentRevision"]);
        var updateRevision = ObjectFields.String(status?["updateRevision"]);
        List<ProbeFact> facts =
        [
            new("generation", ObjectFields.Text(generation)),
            new("observedGeneration", ObjectFields.Text(observed)),
            new("desiredReplicas", ObjectFields.Text(desired)),
            new("readyReplicas", ObjectFields.Text(ready)),
            new("updatedReplicas", ObjectFields.Text(updated)),
            new("availableReplicas", ObjectFields.Text(ObjectFields.Long(status?["availableReplicas"]))),
            new("currentRevision", currentRevision ?? "none"),
            new("updateRevision", updateRevision ?? "none"),
            new("updateStrategy", strategy),
        ];
        if (partition > 0)
        {
            facts.Add(new ProbeFact("partition", ObjectFields.Text(partition)));
        }

        if (observed == 0 || observed < generation)
        {
            return ProbeResult.Progressing($"waiting for the controller to observe generation {generation} (seen {observed})", facts);
        }

        if (ready < desired)
        {
            return ProbeResult.Progressing($"{ready}/{desired} pods ready", facts);
        }

        if (strategy == "OnDelete")
        {
            return ProbeResult.Done($"{ready}/{desired} pods ready; updateStrategy OnDelete replaces no pod by itself, so pods run the new template only once deleted", facts, ProbeConfidence.Medium);
        }

        if (partition > 0)
        {
            var wanted = Math.Max(0, desired - partition);
            return updated < wanted
                ? ProbeResult.Progressing($"partitioned rollout: {updated} of {wanted} pods updated", facts)
                : ProbeResult.Done($"partitioned rollout complete: {updated} pods at revision {updateRevision} (ordinals below {partition} stay on {currentRevision})", facts, ProbeConfidence.Medium);
        }

        return updateRevision is not null && currentRevision != updateRevision
            ? ProbeResult.Progressing($"rolling update: {updated}/{desired} pods at revision {updateRevision}", facts)
            : ProbeResult.Done($"rollout complete: {ready}/{desired} ready at revision {currentRevision}", facts);
    }
}
