using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Controllers;

/// <summary>What the simulated scheduler and kubelet report for a pod.</summary>
internal static class PodStatuses
{
    public static bool IsReady(JsonObject pod) =>
        (JsonFields.FindArray(pod, "status", "conditions") ?? [])
            .Any(c => JsonFields.String(c, "type") == "Ready" && JsonFields.String(c, "status") == "True");

    /// <summary>Bound to a node, containers still being created.</summary>
    public static JsonObject Scheduled(JsonObject pod, string hostIp, DateTimeOffset now)
    {
        var status = (JsonFields.FindObject(pod, "status")?.DeepClone() as JsonObject) ?? [];
        status["phase"] = "Pending";
        status["hostIP"] = hostIp;
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp });
        status["startTime"] = Timestamps.Format(now);
        status["conditions"] = Conditions(pod, now, scheduled: true, ready: false, notReady: Names(pod));
        status.Remove("message");
        status.Remove("reason");
        return status;
    }

    /// <summary>No node will take the pod (all cordoned or not ready).</summary>
    public static JsonObject Unschedulable(JsonObject pod, string message, DateTimeOffset now)
    {
        var status = (JsonFields.FindObject(pod, "status")?.DeepClone() as JsonObject) ?? [];
        status["phase"] = "Pending";
        var previous = JsonFields.FindArray(pod, "status", "conditions")?.FirstOrDefault(c => JsonFields.String(c, "type") == "PodScheduled");
        status["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = JsonFields.String(previous, "lastTransitionTime") ?? Timestamps.Format(now),
            ["reason"] = "Unschedulable",
            ["message"] = message,
        });
        return status;
    }

    public static JsonObject Container(JsonObject pod, string name, string image, bool ready, long restartCount, JsonObject state, JsonObject? lastState) => new()
    {
        ["name"] = name,
        ["state"] = state,
        ["lastState"] = lastState ?? new JsonObject(),
        ["ready"] = ready,
        ["restartCount"] = restartCount,
        ["image"] = image,
        ["imageID"] = state["running"] is not null || lastState is not null ? $"{image.Split(':')[0]}@sha256:{Digest(image)}" : string.Empty,
        ["containerID"] = state["running"] is not null || lastState is not null
            ? $"containerd://{Digest(JsonFields.String(pod, "metadata", "uid") + name)}"
            : null,
        ["started"] = state["running"] is not null,
    };

    /// <summary>The pod status once its containers have a state: phase, conditions and IPs follow from them.</summary>
    public static JsonObject WithContainers(JsonObject pod, JsonArray containerStatuses, string? podIp, DateTimeOffset now)
    {
        var status = (JsonFields.FindObject(pod, "status")?.DeepClone() as JsonObject) ?? [];
        var notReady = containerStatuses.Where(s => s?["ready"]?.GetValue<bool>() != true).Select(s => JsonFields.String(s, "name") ?? string.Empty).ToList();
        foreach (var s in containerStatuses.OfType<JsonObject>().Where(s => s["containerID"] is null))
        {
            s.Remove("containerID");
        }

        var started = podIp is not null;
        status["phase"] = started ? "Running" : "Pending";
        status["conditions"] = Conditions(pod, now, scheduled: true, ready: notReady.Count == 0, notReady);
        if (podIp is not null)
        {
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        }

        status["containerStatuses"] = containerStatuses;
        status["qosClass"] = "BestEffort";
        return status;
    }

    private static List<string> Names(JsonObject pod) =>
        (JsonFields.FindArray(pod, "spec", "containers") ?? []).Select(c => JsonFields.String(c, "name") ?? string.Empty).ToList();

    private static JsonArray Conditions(JsonObject pod, DateTimeOffset now, bool scheduled, bool ready, IReadOnlyList<string> notReady)
    {
        var previous = JsonFields.FindArray(pod, "status", "conditions") ?? [];
        var time = Timestamps.Format(now);
        var conditions = new JsonArray();
        foreach (var (type, value) in (ReadOnlySpan<(string, bool)>)[("PodReadyToStartContainers", scheduled), ("Initialized", true), ("Ready", ready), ("ContainersReady", ready), ("PodScheduled", scheduled)])
        {
            var old = previous.FirstOrDefault(c => JsonFields.String(c, "type") == type);
            var text = value ? "True" : "False";
            var condition = new JsonObject
            {
                ["type"] = type,
                ["status"] = text,
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = JsonFields.String(old, "status") == text ? JsonFields.String(old, "lastTransitionTime") : time,
            };
            if (!value && type is "Ready" or "ContainersReady")
            {
                condition["reason"] = "ContainersNotReady";
                condition["message"] = $"containers with unready status: [{string.Join(' ', notReady)}]";
            }

            conditions.Add((JsonNode)condition);
        }

        return conditions;
    }

    private static string Digest(string? text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text ?? string.Empty)));
}
