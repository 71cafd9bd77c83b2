using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

internal sealed partial class Kubelet
{
    /// <summary>Pods that are not restarted (restartPolicy Never or OnFailure, as jobs' are) exit 0 a while after starting.</summary>
    private static bool RunsToCompletion(JsonObject pod) =>
        JsonFields.String(pod, "spec", "restartPolicy") is "Never" or "OnFailure";

    private bool Idle(string dueKey)
    {
        _context.Due.Remove(dueKey);
        return false;
    }

    /// <summary>After <see cref="ControllerContext.PodReadyDelay"/> of running, every container terminates with exit code 0.</summary>
    private bool Complete(JsonObject pod, string dueKey)
    {
        var now = _context.Now;
        if (!_context.Due.TryGet(dueKey, out var due))
        {
            due = _context.Immediate ? now : now + _context.PodReadyDelay;
            _context.Due.Set(dueKey, due);
        }

        if (!_context.Immediate && now < due)
        {
            return false;
        }

        _context.Due.Remove(dueKey);
        var time = Timestamps.Format(now);
        var status = (JsonFields.FindObject(pod, "status")?.DeepClone() as JsonObject) ?? [];
        status["phase"] = "Succeeded";
        foreach (var container in (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var startedAt = JsonFields.String(container, "state", "running", "startedAt") ?? time;
            container["state"] = new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = 0,
                    ["reason"] = "Completed",
                    ["startedAt"] = startedAt,
                    ["finishedAt"] = time,
                    ["containerID"] = container["containerID"]?.DeepClone(),
                },
            };
            container["ready"] = false;
            container["started"] = false;
        }

        foreach (var condition in (status["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (JsonFields.String(condition, "type") is "Ready" or "ContainersReady" or "PodReadyToStartContainers")
            {
                condition["status"] = "False";
                condition["lastTransitionTime"] = time;
                if (JsonFields.String(condition, "type") != "PodReadyToStartContainers")
                {
                    condition["reason"] = "PodCompleted";
                }
            }
        }

        return _context.UpdateStatus(BuiltInResources.Pods, pod, status) is not null;
    }
}
