using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Describe;

/// <summary>How a pod and its containers are doing, in kubectl's words (Running, CrashLoopBackOff, Terminated: Error).</summary>
public static class PodStates
{
    /// <summary>A pod's status as kubectl's STATUS column gives it: a waiting or terminated container's reason wins over the phase.</summary>
    public static string Status(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod["metadata"]?["deletionTimestamp"] is not null)
        {
            return "Terminating";
        }

        foreach (var container in ObjectFields.Objects(pod["status"]?["containerStatuses"]))
        {
            if (ObjectFields.Text(container["state"]?["waiting"]?["reason"]) is { Length: > 0 } waiting)
            {
                return waiting;
            }

            if (container["state"]?["terminated"] is JsonObject terminated && ObjectFields.Text(terminated["reason"]) is { Length: > 0 } reason
                && ObjectFields.Text(pod["status"]?["phase"]) != "Succeeded")
            {
                return reason;
            }
        }

        var phase = ObjectFields.Text(pod["status"]?["phase"]) ?? "Unknown";
        return phase == "Pending" && ObjectFields.Objects(pod["status"]?["conditions"]).FirstOrDefault(c => ObjectFields.Text(c["type"]) == "PodScheduled") is { } scheduled
            && ObjectFields.Text(scheduled["status"]) == "False" && ObjectFields.Text(scheduled["reason"]) is { Length: > 0 } why
            ? $"Pending ({why})"
            : phase;
    }

    /// <summary><c>1/2</c>: ready containers of all.</summary>
    public static string Ready(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var statuses = ObjectFields.Objects(pod["status"]?["containerStatuses"]).ToList();
        var total = Math.Max(statuses.Count, ObjectFields.Objects(pod["spec"]?["containers"]).Count());
        return string.Create(CultureInfo.InvariantCulture, $"{statuses.Count(s => ObjectFields.Flag(s["ready"]) == true)}/{total}");
    }

    /// <summary>True when the pod has containers and every one is ready.</summary>
    public static bool AllReady(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var statuses = ObjectFields.Objects(pod["status"]?["containerStatuses"]).ToList();
        return statuses.Count > 0 && statuses.Count >= ObjectFields.Objects(pod["spec"]?["containers"]).Count() && statuses.All(s => ObjectFields.Flag(s["ready"]) == true);
    }

    public static long Restarts(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return ObjectFields.Objects(pod["status"]?["containerStatuses"]).Sum(s => ObjectFields.Number(s["restartCount"]) ?? 0);
    }

    /// <summary>A container state: <c>Running since 2026-...</c>, <c>Waiting: CrashLoopBackOff (back-off 40s...)</c>, <c>Terminated: Error (exit 1)</c>.</summary>
    public static string State(JsonNode? state)
    {
        if (state?["running"] is JsonObject running)
        {
            return $"Running since {ObjectFields.Text(running["startedAt"]) ?? "?"}";
        }

        if (state?["waiting"] is JsonObject waiting)
        {
            return Join("Waiting", ObjectFields.Text(waiting["reason"]), ObjectFields.Text(waiting["message"]));
        }

        if (state?["terminated"] is JsonObject terminated)
        {
            var code = ObjectFields.Number(terminated["exitCode"]);
            return Join("Terminated", ObjectFields.Text(terminated["reason"]), code is { } c ? string.Create(CultureInfo.InvariantCulture, $"exit code {c}") : null);
        }

        return "-";
    }

    private static string Join(string what, string? reason, string? detail)
    {
        var text = reason is { Length: > 0 } ? $"{what}: {reason}" : what;
        return detail is { Length: > 0 } ? $"{text} ({Redaction.Text(detail).ReplaceLineEndings(" ")})" : text;
    }
}
