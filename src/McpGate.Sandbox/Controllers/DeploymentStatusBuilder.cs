using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// Computes a deployment's status from its ReplicaSets. Progressing follows the controller's rules:
/// NewReplicaSetAvailable when complete, ReplicaSetUpdated while progress is being made, and
/// ProgressDeadlineExceeded (status False) once no progress was seen for progressDeadlineSeconds.
/// </summary>
internal static class DeploymentStatusBuilder
{
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    public static JsonObject Build(JsonObject deployment, string? newRsName, DeploymentCounts counts, int maxUnavailable, bool progressedNow, DateTimeOffset now)
    {
        var previous = JsonFields.FindArray(deployment, "status", "conditions") ?? [];
        var generation = JsonFields.Integer(deployment, "metadata", "generation") ?? 1;
        var status = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["replicas"] = counts.Replicas,
            ["updatedReplicas"] = counts.Updated,
            ["readyReplicas"] = counts.Ready,
            ["availableReplicas"] = counts.Available,
        };
        var unavailable = Math.Max(0, Math.Max(counts.Total, counts.Desired) - counts.Available);
        if (unavailable > 0)
        {
            status["unavailableReplicas"] = unavailable;
        }

        var available = counts.Available >= counts.Desired - maxUnavailable;
        var complete = counts.Updated == counts.Desired && counts.Replicas == counts.Desired && counts.Available == counts.Desired;
        var oldStatus = JsonFields.FindObject(deployment, "status");
        var progressed = progressedNow
            || counts.Updated > (JsonFields.Integer(oldStatus, "updatedReplicas") ?? 0)
            || counts.Ready > (JsonFields.Integer(oldStatus, "readyReplicas") ?? 0)
            || counts.Available > (JsonFields.Integer(oldStatus, "availableReplicas") ?? 0)
            || counts.Replicas - counts.Updated < (JsonFields.Integer(oldStatus, "replicas") ?? 0) - (JsonFields.Integer(oldStatus, "updatedReplicas") ?? 0);
        var rsName = newRsName ?? JsonFields.String(deployment, "metadata", "name");
        var oldProgressing = previous.FirstOrDefault(c => JsonFields.String(c, "type") == "Progressing") as JsonObject;
        JsonObject progressing;
        if (complete)
        {
            progressing = Condition(previous, "Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.", now, bump: false);
        }
        else if (progressed || oldProgressing is null)
        {
            progressing = Condition(previous, "Progressing", true, "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.", now, bump: true);
        }
        else if (JsonFields.String(oldProgressing, "reason") is "ReplicaSetUpdated" or "NewReplicaSetCreated"
            && Deadline(deployment, oldProgressing) is { } deadline && now >= deadline)
        {
            progressing = Condition(previous, "Progressing", false, ProgressDeadlineExceeded, $"ReplicaSet \"{rsName}\" has timed out progressing.", now, bump: false);
        }
        else
        {
            progressing = (JsonObject)oldProgressing.DeepClone();
        }

        status["conditions"] = new JsonArray(
            Condition(previous, "Available", available,
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                now, bump: false),
            progressing);
        return status;
    }

    /// <summary>When the controller must look again to declare ProgressDeadlineExceeded; null when it need not.</summary>
    public static DateTimeOffset? ProgressDeadline(JsonObject deployment, JsonObject status)
    {
        var progressing = (JsonFields.FindArray(status, "conditions") ?? []).FirstOrDefault(c => JsonFields.String(c, "type") == "Progressing");
        return JsonFields.String(progressing, "reason") == "ReplicaSetUpdated" ? Deadline(deployment, progressing) : null;
    }

    private static DateTimeOffset? Deadline(JsonObject deployment, JsonNode? progressing)
    {
        var seconds = JsonFields.Integer(deployment, "spec", "progressDeadlineSeconds");
        var lastUpdate = JsonFields.String(progressing, "lastUpdateTime");
        if (seconds is null or >= int.MaxValue || lastUpdate is null)
        {
            return null;
        }

        return Timestamps.Parse(lastUpdate) is { } time ? time + TimeSpan.FromSeconds(seconds.Value) : null;
    }

    private static JsonObject Condition(JsonArray previous, string type, bool status, string reason, string message, DateTimeOffset now, bool bump)
    {
        var old = previous.FirstOrDefault(c => JsonFields.String(c, "type") == type);
        var statusText = status ? "True" : "False";
        var sameStatus = old is not null && JsonFields.String(old, "status") == statusText;
        var sameReason = sameStatus && JsonFields.String(old, "reason") == reason && JsonFields.String(old, "message") == message;
        var time = Timestamps.Format(now);
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = statusText,
            ["lastUpdateTime"] = sameReason && !bump ? JsonFields.String(old, "lastUpdateTime") : time,
            ["lastTransitionTime"] = sameStatus ? JsonFields.String(old, "lastTransitionTime") : time,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
