using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// Whether a pod is ready, as kubectl judges it: phase Running and condition Ready=True. Failed or
/// Succeeded pods fail at once; a container in CrashLoopBackOff or ImagePullBackOff is named.
/// </summary>
public static class PodReadiness
{
    public static ProbeResult Judge(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var name = pod["metadata"]?["name"]?.GetValue<string>() ?? "pod";
        var status = pod["status"] as JsonObject;
        var phase = status?["phase"]?.GetValue<string>() ?? "Unknown";
        if (phase is "Failed" or "Succeeded")
        {
            return ProbeResult.Failed($"pod {name} is {phase} and will not become ready");
        }

        if (status?["containerStatuses"] is JsonArray containers)
        {
            foreach (var container in containers.OfType<JsonObject>())
            {
                var reason = container["state"]?["waiting"]?["reason"]?.GetValue<string>();
                if (reason is "CrashLoopBackOff" or "ImagePullBackOff" or "ErrImagePull" or "CreateContainerConfigError" or "InvalidImageName")
                {
                    return ProbeResult.Failed($"pod {name}: container {container["name"]} is waiting with {reason}");
                }
            }
        }

        var ready = status?["conditions"] is JsonArray conditions
            && conditions.OfType<JsonObject>().Any(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");
        return phase == "Running" && ready
            ? ProbeResult.Done($"pod {name} is running and ready")
            : ProbeResult.Progressing($"pod {name} is {phase}, not ready yet");
    }
}
