using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Controllers;

/// <summary>What the simulated kubelet reports for a pod.</summary>
internal static class PodStatuses
{
    public static bool IsReady(JsonObject pod) =>
        (JsonFields.FindArray(pod, "status", "conditions") ?? [])
            .Any(c => JsonFields.String(c, "type") == "Ready" && JsonFields.String(c, "status") == "True");

    public static JsonObject Running(JsonObject pod, string podIp, DateTimeOffset now)
    {
        var time = Timestamps.Format(now);
        var conditions = new JsonArray();
        foreach (var type in (string[])["Initialized", "Ready", "ContainersReady", "PodScheduled"])
        {
            conditions.Add(new JsonObject { ["type"] = type, ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = time });
        }

        var containerStatuses = new JsonArray();
        foreach (var container in JsonFields.FindArray(pod, "spec", "containers") ?? [])
        {
            var name = JsonFields.String(container, "name");
            containerStatuses.Add(new JsonObject
            {
                ["name"] = name,
                ["image"] = JsonFields.String(container, "image"),
                ["imageID"] = string.Empty,
                ["containerID"] = $"sandbox://{JsonFields.String(pod, "metadata", "uid")}/{name}",
                ["ready"] = true,
                ["started"] = true,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = time } },
            });
        }

        return new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = conditions,
            ["hostIP"] = "10.0.0.10",
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = JsonFields.String(pod, "metadata", "creationTimestamp") ?? time,
            ["containerStatuses"] = containerStatuses,
            ["qosClass"] = "BestEffort",
        };
    }
}
