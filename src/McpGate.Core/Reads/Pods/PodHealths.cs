using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Pods;

/// <summary>
/// Reads a pod's status as kubectl's printer does (<c>printPod</c>): the STATUS text from the phase, the
/// init containers, then the app containers' waiting or terminated reasons, <c>Terminating</c> once deleted;
/// and, when the pod is not ready, the reason and message an agent needs (the scheduler's, the kubelet's).
/// </summary>
public static class PodHealths
{
    public static PodHealth Of(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var status = pod["status"];
        var phase = ObjectFields.Text(status?["phase"]) ?? "Pending";
        var text = ObjectFields.Text(status?["reason"]) is { Length: > 0 } podReason ? podReason : phase;
        var initSpecs = ObjectFields.Objects(pod["spec"]?["initContainers"]).ToList();
        var total = ObjectFields.Objects(pod["spec"]?["containers"]).Count();
        long restarts = 0;
        DateTimeOffset? lastRestart = null;
        var initializing = false;
        JsonObject? blocking = null;
        var initStatuses = ObjectFields.Objects(status?["initContainerStatuses"]).ToList();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += ObjectFields.Number(container["restartCount"]) ?? 0;
            lastRestart = Later(lastRestart, FinishedAt(container));
            var state = container["state"];
            var terminated = state?["terminated"];
            var waitingReason = ObjectFields.Text(state?["waiting"]?["reason"]);
            if (terminated is not null && (ObjectFields.Number(terminated["exitCode"]) ?? 0) == 0)
            {
                continue;
            }

            if (IsSidecar(initSpecs, container) && ObjectFields.Flag(container["started"]) == true)
            {
                continue;
            }

            text = terminated is not null ? "Init:" + Termination(terminated)
                : waitingReason is { Length: > 0 } && waitingReason != "PodInitializing" ? "Init:" + waitingReason
                : string.Create(CultureInfo.InvariantCulture, $"Init:{i}/{Math.Max(initSpecs.Count, initStatuses.Count)}");
            initializing = true;
            blocking = container;
            break;
        }

        var ready = 0;

        // No node took it: whatever container statuses it carries (a real kubelet never wrote any), it is Pending.
        var unscheduled = ObjectFields.Text(pod["spec"]?["nodeName"]) is null && Condition(pod, "PodScheduled") == "False";
        if (!unscheduled && (!initializing || Condition(pod, "Initialized") == "True"))
        {
            restarts = 0;
            lastRestart = null;
            var running = false;
            var statuses = ObjectFields.Objects(status?["containerStatuses"]).ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += ObjectFields.Number(container["restartCount"]) ?? 0;
                lastRestart = Later(lastRestart, FinishedAt(container));
                var state = container["state"];
                if (ObjectFields.Text(state?["waiting"]?["reason"]) is { Length: > 0 } waiting)
                {
                    text = waiting;
                }
                else if (state?["terminated"] is { } terminated)
                {
                    text = Termination(terminated);
                }
                else if (ObjectFields.Flag(container["ready"]) == true && state?["running"] is not null)
                {
                    running = true;
                    ready++;
                }
            }

            if (text == "Completed" && running)
            {
                text = Condition(pod, "Ready") == "True" ? "Running" : "NotReady";
            }
        }

        if (pod["metadata"]?["deletionTimestamp"] is not null)
        {
            text = ObjectFields.Text(status?["reason"]) == "NodeLost" ? "Unknown" : "Terminating";
        }

        var healthy = phase == "Succeeded" || (phase == "Running" && ready == total && text == "Running");
        var (reason, message) = healthy ? (null, null) : WhyNot(pod, phase, text, blocking);
        return new PodHealth
        {
            Status = text,
            Phase = phase,
            ReadyContainers = ready,
            TotalContainers = total,
            Restarts = restarts,
            LastRestart = lastRestart,
            Healthy = healthy,
            Reason = reason,
            Message = message,
        };
    }

    /// <summary>kubectl's RESTARTS cell: <c>0</c>, or <c>5 (2m ago)</c> when it knows the last restart.</summary>
    public static string RestartsText(PodHealth health, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(health);
        var count = health.Restarts.ToString(CultureInfo.InvariantCulture);
        return health.Restarts > 0 && health.LastRestart is { } last ? $"{count} ({Ages.Format(now - last)} ago)" : count;
    }

    /// <summary>The first cause found: the scheduler's verdict, a blocking init container, a waiting or failed container, the pod's own reason, the Ready condition.</summary>
    private static (string? Reason, string? Message) WhyNot(JsonObject pod, string phase, string text, JsonObject? blockingInit)
    {
        if (text == "Terminating")
        {
            return ("Terminating", "the pod is being deleted");
        }

        var scheduled = Conditions(pod).FirstOrDefault(c => ObjectFields.Text(c["type"]) == "PodScheduled");
        if (phase == "Pending" && scheduled is not null && ObjectFields.Text(scheduled["status"]) == "False")
        {
            return (ObjectFields.Text(scheduled["reason"]) ?? "Unschedulable", Clean(ObjectFields.Text(scheduled["message"])));
        }

        if (blockingInit?["state"]?["running"] is not null)
        {
            return ("PodInitializing", $"init container {ObjectFields.Text(blockingInit["name"])} is still running");
        }

        foreach (var container in (blockingInit is null ? [] : new[] { blockingInit }).Concat(ObjectFields.Objects(pod["status"]?["containerStatuses"])))
        {
            if (ContainerWhy(container) is { } why)
            {
                return why;
            }
        }

        if (ObjectFields.Text(pod["status"]?["reason"]) is { Length: > 0 } podReason)
        {
            return (podReason, Clean(ObjectFields.Text(pod["status"]?["message"])));
        }

        var readyCondition = Conditions(pod).FirstOrDefault(c => ObjectFields.Text(c["type"]) == "Ready" && ObjectFields.Text(c["status"]) != "True");
        if (readyCondition is not null)
        {
            return (ObjectFields.Text(readyCondition["reason"]) ?? "NotReady", Clean(ObjectFields.Text(readyCondition["message"])));
        }

        return (text, phase == "Pending" ? "the pod is not scheduled or started yet" : null);
    }

    /// <summary>Why one container is not ready: waiting (with the last crash when there was one), terminated, or running but failing its readiness.</summary>
    private static (string? Reason, string? Message)? ContainerWhy(JsonObject container)
    {
        var name = ObjectFields.Text(container["name"]) ?? "?";
        var state = container["state"];
        var last = container["lastState"]?["terminated"];
        if (state?["waiting"] is { } waiting)
        {
            var reason = ObjectFields.Text(waiting["reason"]) ?? "Waiting";
            var message = ObjectFields.Text(waiting["message"]);
            var crash = last is null ? null : $"last termination: {Termination(last)}{Detail(last)}";
            return (reason, Clean($"container {name}: {string.Join("; ", new[] { message, crash }.Where(s => s is { Length: > 0 }))}".TrimEnd(' ', ':')));
        }

        if (state?["terminated"] is { } terminated && (ObjectFields.Number(terminated["exitCode"]) ?? 0) != 0)
        {
            return (Termination(terminated), Clean($"container {name}: {Termination(terminated)}{Detail(terminated)}"));
        }

        if (state?["terminated"] is { } exited && ObjectFields.Flag(container["ready"]) != true)
        {
            return (Termination(exited), $"container {name} has exited (exit code 0) and does not run any more");
        }

        if (ObjectFields.Flag(container["ready"]) != true && state?["running"] is not null)
        {
            return ("NotReady", $"container {name} is running but not ready (its readiness probe fails or it is starting)");
        }

        return null;
    }

    private static string Termination(JsonNode terminated) =>
        ObjectFields.Text(terminated["reason"]) is { Length: > 0 } reason ? reason
        : (ObjectFields.Number(terminated["signal"]) ?? 0) != 0 ? string.Create(CultureInfo.InvariantCulture, $"Signal:{ObjectFields.Number(terminated["signal"])}")
        : string.Create(CultureInfo.InvariantCulture, $"ExitCode:{ObjectFields.Number(terminated["exitCode"]) ?? 0}");

    private static string Detail(JsonNode terminated)
    {
        var code = ObjectFields.Number(terminated["exitCode"]);
        var message = ObjectFields.Text(terminated["message"]);
        return (code is { } c ? string.Create(CultureInfo.InvariantCulture, $" (exit code {c})") : string.Empty)
            + (message is { Length: > 0 } ? $": {message}" : string.Empty);
    }

    private static bool IsSidecar(List<JsonObject> specs, JsonObject status) =>
        specs.Any(s => ObjectFields.Text(s["name"]) == ObjectFields.Text(status["name"]) && ObjectFields.Text(s["restartPolicy"]) == "Always");

    private static IEnumerable<JsonObject> Conditions(JsonObject pod) => ObjectFields.Objects(pod["status"]?["conditions"]);

    /// <summary>The condition's status (<c>True</c>/<c>False</c>); null when the pod has no such condition.</summary>
    private static string? Condition(JsonObject pod, string type) =>
        Conditions(pod).Where(c => ObjectFields.Text(c["type"]) == type).Select(c => ObjectFields.Text(c["status"])).FirstOrDefault();

    private static DateTimeOffset? FinishedAt(JsonObject container) =>
        ObjectFields.Text(container["lastState"]?["terminated"]?["finishedAt"]) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>Messages come from the cluster (and the workload): one line, credentials cut out.</summary>
    private static string? Clean(string? message) => message is null ? null : Redaction.Text(message.ReplaceLineEndings(" "));
}
