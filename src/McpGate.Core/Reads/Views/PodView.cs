using System.Text.Json.Nodes;
using McpGate.Core.Reads.Pods;

namespace McpGate.Core.Reads.Views;

/// <summary>
/// Pods as <c>kubectl get pods</c> shows them (the STATUS column included), plus the node; list items say
/// why a pod is not ready, and one pod in detail shows each container's state, never environment values.
/// </summary>
public sealed class PodView : IResourceView
{
    public IReadOnlyList<string> Columns { get; } = ["NAME", "READY", "STATUS", "RESTARTS", "NODE", "AGE"];

    public IReadOnlyList<string> Row(JsonObject obj, DateTimeOffset now)
    {
        var health = PodHealths.Of(obj);
        return
        [
            ObjectFields.Name(obj),
            $"{health.ReadyContainers}/{health.TotalContainers}",
            health.Status,
            PodHealths.RestartsText(health, now),
            ObjectFields.Text(obj["spec"]?["nodeName"]) ?? "<none>",
            Ages.Since(obj["metadata"]?["creationTimestamp"], now),
        ];
    }

    public JsonObject Summary(JsonObject obj, DateTimeOffset now)
    {
        var health = PodHealths.Of(obj);
        var view = ObjectFields.Identity(obj);
        view["status"] = health.Status;
        view["phase"] = health.Phase;
        view["ready"] = health.ReadyContainers;
        view["total"] = health.TotalContainers;
        view["restarts"] = health.Restarts;
        if (health.LastRestart is { } last)
        {
            view["lastRestart"] = last.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }

        view["node"] = obj["spec"]?["nodeName"]?.DeepClone();
        if (!health.Healthy)
        {
            view["reason"] = health.Reason;
            view["message"] = health.Message;
        }

        return view;
    }

    /// <summary>The summary plus owner, IPs, conditions and every container with its state and last termination.</summary>
    public JsonObject Detail(JsonObject obj, DateTimeOffset now)
    {
        var view = Summary(obj, now);
        var spec = obj["spec"];
        var status = obj["status"];
        view["owner"] = ObjectFields.Objects(obj["metadata"]?["ownerReferences"]).Select(o => $"{ObjectFields.Text(o["kind"])}/{ObjectFields.Text(o["name"])}").FirstOrDefault();
        view["podIP"] = status?["podIP"]?.DeepClone();
        view["podIPs"] = new JsonArray([.. ObjectFields.Objects(status?["podIPs"]).Select(i => i["ip"]?.DeepClone())]);
        view["hostIP"] = status?["hostIP"]?.DeepClone();
        view["startTime"] = status?["startTime"]?.DeepClone();
        view["qosClass"] = status?["qosClass"]?.DeepClone();
        view["serviceAccount"] = spec?["serviceAccountName"]?.DeepClone();
        view["restartPolicy"] = spec?["restartPolicy"]?.DeepClone();
        view["initContainers"] = Containers(spec?["initContainers"], status?["initContainerStatuses"]);
        view["containers"] = Containers(spec?["containers"], status?["containerStatuses"]);
        view["conditions"] = new JsonArray([.. ObjectFields.Objects(status?["conditions"]).Select(c => (JsonNode)new JsonObject
        {
            ["type"] = c["type"]?.DeepClone(),
            ["status"] = c["status"]?.DeepClone(),
            ["reason"] = c["reason"]?.DeepClone(),
            ["message"] = c["message"]?.DeepClone(),
            ["lastTransitionTime"] = c["lastTransitionTime"]?.DeepClone(),
        })]);
        view["tolerations"] = spec?["tolerations"]?.DeepClone();
        view["nodeSelector"] = spec?["nodeSelector"]?.DeepClone();
        return Redaction.Redact(view);
    }

    private static JsonArray Containers(JsonNode? specs, JsonNode? statuses)
    {
        var byName = ObjectFields.Objects(statuses).Where(s => ObjectFields.Text(s["name"]) is not null)
            .GroupBy(s => ObjectFields.Text(s["name"])!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return new JsonArray([.. ObjectFields.Objects(specs).Select(c =>
        {
            var name = ObjectFields.Text(c["name"]) ?? string.Empty;
            var found = byName.GetValueOrDefault(name);
            return (JsonNode)new JsonObject
            {
                ["name"] = name,
                ["image"] = c["image"]?.DeepClone(),
                ["ready"] = ObjectFields.Flag(found?["ready"]) ?? false,
                ["started"] = found?["started"]?.DeepClone(),
                ["restartCount"] = ObjectFields.Number(found?["restartCount"]) ?? 0,
                ["state"] = State(found?["state"]),
                ["lastState"] = State(found?["lastState"]),
                ["ports"] = c["ports"]?.DeepClone(),
                ["resources"] = c["resources"]?.DeepClone(),
                // Values stay on the cluster: they may hold credentials. envFrom names only what it draws from.
                ["env"] = new JsonArray([.. ObjectFields.Objects(c["env"]).Select(e => e["name"]?.DeepClone())]),
                ["envFrom"] = new JsonArray([.. ObjectFields.Objects(c["envFrom"]).Select(e =>
                    (JsonNode?)JsonValue.Create(ObjectFields.Text(e["configMapRef"]?["name"]) is { } cm ? $"configmap/{cm}"
                        : ObjectFields.Text(e["secretRef"]?["name"]) is { } secret ? $"secret/{secret}" : "?"))]),
            };
        })]);
    }

    /// <summary><c>{"status":"waiting","reason":"CrashLoopBackOff",...}</c>; null when the container has no such state.</summary>
    private static JsonObject? State(JsonNode? state)
    {
        foreach (var key in new[] { "running", "waiting", "terminated" })
        {
            if (state?[key] is JsonObject detail)
            {
                var view = new JsonObject { ["status"] = key };
                foreach (var field in new[] { "reason", "message", "exitCode", "signal", "startedAt", "finishedAt" })
                {
                    if (detail[field] is { } value)
                    {
                        view[field] = value.DeepClone();
                    }
                }

                return view;
            }
        }

        return null;
    }
}
