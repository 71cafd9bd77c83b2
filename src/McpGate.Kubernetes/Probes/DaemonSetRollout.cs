using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// A DaemonSet's rollout as <c>kubectl rollout status</c> judges it: the controller has observed
/// this generation, updatedNumberScheduled and numberAvailable reached desiredNumberScheduled.
/// OnDelete sets are judged on availability only, with medium confidence.
/// </summary>
internal static class DaemonSetRollout
{
    public static ProbeResult Judge(JsonObject set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var generation = ObjectFields.Long(set["metadata"]?["generation"]);
        var status = set["status"];
        var observed = ObjectFields.Long(status?["observedGeneration"]);
        var desired = ObjectFields.Long(status?["desiredNumberScheduled"]);
        var updated = ObjectFields.Long(status?["updatedNumberScheduled"]);
        var available = ObjectFields.Long(status?["numberAvailable"]);
        var ready = ObjectFields.Long(status?["numberReady"]);
        var strategy = ObjectFields.String(set["spec"]?["updateStrategy"]?["type"]) ?? "RollingUpdate";
        List<ProbeFact> facts =
        [
            new("generation", ObjectFields.Text(generation)),
            new("observedGeneration", ObjectFields.Text(observed)),
            new("desiredNumberScheduled", ObjectFields.Text(desired)),
            new("updatedNumberScheduled", ObjectFields.Text(updated)),
            new("numberReady", ObjectFields.Text(ready)),
            new("numberAvailable", ObjectFields.Text(available)),
            new("updateStrategy", strategy),
        ];

        if (observed < generation)
        {
            return ProbeResult.Progressing($"waiting for the controller to observe generation {generation} (seen {observed})", facts);
        }

        if (strategy == "OnDelete")
        {
            return available < desired
                ? ProbeResult.Progressing($"{available} of {desired} pods available", facts)
                : ProbeResult.Done($"{available}/{desired} pods available; updateStrategy OnDelete replaces no pod by itself", facts, ProbeConfidence.Medium);
        }

        if (updated < desired)
        {
            return ProbeResult.Progressing($"{updated} of {desired} new pods updated", facts);
        }

        return available < desired
            ? ProbeResult.Progressing($"{available} of {desired} updated pods available", facts)
            : ProbeResult.Done($"rollout complete: {available}/{desired} pods updated and available, generation {generation}", facts);
    }
}
