using McpGate.Core.Reads.Pods;
using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Describe;

/// <summary>How a pod and its containers are doing, in kubectl's words (Running, CrashLoopBackOff, Terminated: Error).</summary>
public static class PodStates
{
    /// <summary>A pod's status as kubectl's STATUS column gives it (<see cref="PodHealths"/>, as pods_list shows it).</summary>
    public static string Status(JsonObject pod) => PodHealths.Of(pod).Status;

    /// <summary><c>1/2</c>: ready containers of all.</summary>
    public static string Ready(JsonObject pod)
    {
        var health = PodHealths.Of(pod);
        return string.Create(CultureInfo.InvariantCulture, $"{health.ReadyContainers}/{health.TotalContainers}");
    }

    /// <summary>True when the pod has containers and every one is ready.</summary>
    public static bool AllReady(JsonObject pod)
    {
        var health = PodHealths.Of(pod);
        return health.TotalContainers > 0 && health.ReadyContainers == health.TotalContainers;
    }

    public static long Restarts(JsonObject pod) => PodHealths.Of(pod).Restarts;

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
