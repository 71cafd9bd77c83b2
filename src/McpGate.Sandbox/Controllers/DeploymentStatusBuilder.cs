using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Controllers;

/// <summary>Computes a deployment's status from its pods, keeping condition timestamps stable.</summary>
internal static class DeploymentStatusBuilder
{
    public static JsonObject Build(JsonObject deployment, string hash, int updated, int total, int ready, DateTimeOffset now)
    {
        var desired = (int)(JsonFields.Integer(deployment, "spec", "replicas") ?? 1);
        var name = JsonFields.String(deployment, "metadata", "name");
        var maxUnavailable = MaxUnavailable(deployment, desired);
        var complete = updated == desired && total == desired && ready == desired;
        var previous = JsonFields.FindArray(deployment, "status", "conditions") ?? [];
        var available = ready >= desired - maxUnavailable;
        var conditions = new JsonArray
        {
            Condition(previous, "Available", available,
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                now),
            Condition(previous, "Progressing", true,
                complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                complete ? $"ReplicaSet \"{name}-{hash}\" has successfully progressed." : $"ReplicaSet \"{name}-{hash}\" is progressing.",
                now),
        };
        var status = new JsonObject
        {
            ["observedGeneration"] = JsonFields.Integer(deployment, "metadata", "generation") ?? 1,
            ["replicas"] = total,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
        };
        if (desired - ready > 0)
        {
            status["unavailableReplicas"] = desired - ready;
        }

        status["conditions"] = conditions;
        return status;
    }

    private static int MaxUnavailable(JsonObject deployment, int desired)
    {
        var value = JsonFields.FindObject(deployment, "spec", "strategy", "rollingUpdate")?["maxUnavailable"];
        if (JsonFields.Integer(value) is { } absolute)
        {
            return (int)absolute;
        }

        var text = JsonFields.String(value);
        if (text is not null && text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return desired * percent / 100;
        }

        return 0;
    }

    private static JsonObject Condition(JsonArray previous, string type, bool status, string reason, string message, DateTimeOffset now)
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
            ["lastUpdateTime"] = sameReason ? JsonFields.String(old, "lastUpdateTime") : time,
            ["lastTransitionTime"] = sameStatus ? JsonFields.String(old, "lastTransitionTime") : time,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
