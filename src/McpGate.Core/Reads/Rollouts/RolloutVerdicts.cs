using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Rollouts;

/// <summary>
/// <c>kubectl rollout status</c> without the wait: the same tests in the same order (spec observed, progress
/// deadline, updated, old pods gone, available; for StatefulSets ready, partition and revisions), judged once.
/// A paused Deployment that has not finished is said to be paused rather than "waiting".
/// </summary>
public static class RolloutVerdicts
{
    /// <summary>The verdict for an object of <paramref name="resource"/> (deployments, statefulsets, daemonsets).</summary>
    /// <exception cref="ArgumentException">Another resource: it has no rollout.</exception>
    public static RolloutVerdict Of(string resource, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return resource switch
        {
            "deployments" => Deployment(obj),
            "statefulsets" => StatefulSet(obj),
            "daemonsets" => DaemonSet(obj),
            _ => throw new ArgumentException($"{resource} have no rollout status", nameof(resource)),
        };
    }

    private static RolloutVerdict Deployment(JsonObject obj)
    {
        var (spec, status, name) = (obj["spec"], obj["status"], ObjectFields.Name(obj));
        var desired = ObjectFields.Number(spec?["replicas"]) ?? 1;
        var current = N(status?["replicas"]);
        var updated = N(status?["updatedReplicas"]);
        var available = N(status?["availableReplicas"]);
        var paused = ObjectFields.Flag(spec?["paused"]) ?? false;
        var verdict = Numbers(obj, desired, current, updated, N(status?["readyReplicas"]), available) with { Paused = paused };
        if (Unobserved(obj) is { } waiting)
        {
            return verdict with { State = RolloutState.Unobserved, Message = $"waiting for deployment \"{name}\" spec update to be observed ({waiting})" };
        }

        var progressing = ObjectFields.Objects(status?["conditions"]).FirstOrDefault(c => ObjectFields.Text(c["type"]) == "Progressing");
        if (ObjectFields.Text(progressing?["reason"]) == "ProgressDeadlineExceeded")
        {
            var why = ObjectFields.Text(progressing?["message"]) is { Length: > 0 } m ? $": {m}" : string.Empty;
            return verdict with { State = RolloutState.Stalled, Message = $"deployment \"{name}\" exceeded its progress deadline{why}" };
        }

        string? pending = updated < desired ? $"{updated} out of {desired} new replicas have been updated"
            : current > updated ? $"{current - updated} old replicas are pending termination"
            : available < updated ? $"{available} of {updated} updated replicas are available"
            : null;
        return pending switch
        {
            null => verdict with { State = RolloutState.Complete, Message = $"deployment \"{name}\" successfully rolled out{(paused ? " (it is paused)" : string.Empty)}" },
            _ when paused => verdict with { State = RolloutState.Paused, Message = $"deployment \"{name}\" is paused with its rollout unfinished ({pending}): nothing moves until it is resumed" },
            _ => verdict with { State = RolloutState.Progressing, Message = $"waiting for deployment \"{name}\" rollout to finish: {pending}" },
        };
    }

    private static RolloutVerdict StatefulSet(JsonObject obj)
    {
        var (spec, status) = (obj["spec"], obj["status"]);
        var desired = ObjectFields.Number(spec?["replicas"]) ?? 1;
        var ready = N(status?["readyReplicas"]);
        var updated = N(status?["updatedReplicas"]);
        var verdict = Numbers(obj, desired, N(status?["replicas"]), updated, ready, N(status?["availableReplicas"]));
        if (OnDelete(spec))
        {
            return verdict with { State = RolloutState.Unsupported, Message = "rollout status is only available for the RollingUpdate strategy type; this statefulset updates OnDelete" };
        }

        // kubectl also waits while observedGeneration is still 0 (never observed).
        if ((Unobserved(obj) ?? (N(status?["observedGeneration"]) == 0 ? "never observed" : null)) is { } waiting)
        {
            return verdict with { State = RolloutState.Unobserved, Message = $"waiting for statefulset spec update to be observed ({waiting})" };
        }

        if (ready < desired)
        {
            return verdict with { State = RolloutState.Progressing, Message = $"waiting for {desired - ready} pods to be ready" };
        }

        // As kubectl: an explicit RollingUpdate block (the API server defaults partition to 0) is judged by its partition.
        if (ObjectFields.Text(spec?["updateStrategy"]?["type"]) == "RollingUpdate" && spec?["updateStrategy"]?["rollingUpdate"] is JsonObject rolling)
        {
            var wanted = desired - (ObjectFields.Number(rolling["partition"]) ?? 0);
            return ObjectFields.Number(rolling["partition"]) is not null && updated < wanted
                ? verdict with { State = RolloutState.Progressing, Message = $"waiting for partitioned roll out to finish: {updated} out of {wanted} new pods have been updated" }
                : verdict with { State = RolloutState.Complete, Message = $"partitioned roll out complete: {updated} new pods have been updated" };
        }

        var updateRevision = ObjectFields.Text(status?["updateRevision"]);
        return updateRevision != ObjectFields.Text(status?["currentRevision"])
            ? verdict with { State = RolloutState.Progressing, Message = $"waiting for statefulset rolling update to complete {updated} pods at revision {updateRevision}" }
            : verdict with { State = RolloutState.Complete, Message = $"statefulset rolling update complete {N(status?["currentReplicas"])} pods at revision {updateRevision}" };
    }

    private static RolloutVerdict DaemonSet(JsonObject obj)
    {
        var (spec, status, name) = (obj["spec"], obj["status"], ObjectFields.Name(obj));
        var desired = N(status?["desiredNumberScheduled"]);
        var updated = N(status?["updatedNumberScheduled"]);
        var available = N(status?["numberAvailable"]);
        var verdict = Numbers(obj, desired, N(status?["currentNumberScheduled"]), updated, N(status?["numberReady"]), available);
        if (OnDelete(spec))
        {
            return verdict with { State = RolloutState.Unsupported, Message = "rollout status is only available for the RollingUpdate strategy type; this daemon set updates OnDelete" };
        }

        if (Unobserved(obj) is { } waiting)
        {
            return verdict with { State = RolloutState.Unobserved, Message = $"waiting for daemon set spec update to be observed ({waiting})" };
        }

        return updated < desired
            ? verdict with { State = RolloutState.Progressing, Message = $"waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated" }
            : available < desired
            ? verdict with { State = RolloutState.Progressing, Message = $"waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available" }
            : verdict with { State = RolloutState.Complete, Message = $"daemon set \"{name}\" successfully rolled out" };
    }

    /// <summary>"generation 4, observed 3" when the controller has not caught up; null when it has.</summary>
    private static string? Unobserved(JsonObject obj)
    {
        var generation = ObjectFields.Number(obj["metadata"]?["generation"]);
        var observed = ObjectFields.Number(obj["status"]?["observedGeneration"]);
        return generation is { } g && (observed is not { } o || g > o) ? $"generation {g}, observed {observed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}" : null;
    }

    private static bool OnDelete(JsonNode? spec) => ObjectFields.Text(spec?["updateStrategy"]?["type"]) == "OnDelete";

    private static RolloutVerdict Numbers(JsonObject obj, long desired, long current, long updated, long ready, long available) => new()
    {
        State = RolloutState.Progressing,
        Message = string.Empty,
        Desired = desired,
        Current = current,
        Updated = updated,
        Ready = ready,
        Available = available,
        Generation = ObjectFields.Number(obj["metadata"]?["generation"]),
        ObservedGeneration = ObjectFields.Number(obj["status"]?["observedGeneration"]),
    };

    private static long N(JsonNode? node) => ObjectFields.Number(node) ?? 0;
}
