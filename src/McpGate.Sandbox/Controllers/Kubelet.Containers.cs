using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

internal sealed partial class Kubelet
{
    private static readonly TimeSpan s_maxBackOff = TimeSpan.FromMinutes(5);

    /// <summary>Moves every container one step on (start, crash, retry a pull) and says when to look again.</summary>
    private (JsonObject Status, TimeSpan? Next) Step(JsonObject pod, DateTimeOffset now)
    {
        var time = Timestamps.Format(now);
        var previous = (JsonFields.FindArray(pod, "status", "containerStatuses") ?? [])
            .OfType<JsonObject>()
            .ToDictionary(s => JsonFields.String(s, "name") ?? string.Empty, StringComparer.Ordinal);
        var statuses = new JsonArray();
        TimeSpan? next = null;
        var started = false;
        var neverRestart = JsonFields.String(pod, "spec", "restartPolicy") == "Never";
        var failed = false;
        foreach (var container in (JsonFields.FindArray(pod, "spec", "containers") ?? []).OfType<JsonObject>())
        {
            var name = JsonFields.String(container, "name") ?? string.Empty;
            var image = JsonFields.String(container, "image") ?? string.Empty;
            previous.TryGetValue(name, out var before);
            var (status, after) = ImageProfile.Classify(image) switch
            {
                // A pod that is never restarted fails with its container instead of crash-looping.
                ImageOutcome.CrashLoops when neverRestart => (Exit(pod, name, image, time), (TimeSpan?)null),
                ImageOutcome.CrashLoops => Crash(pod, name, image, before, time),
                ImageOutcome.PullFails => FailPull(pod, name, image, before),
                _ => (Run(pod, name, image, before, time), (TimeSpan?)null),
            };
            started |= status["state"]?["running"] is not null || status["lastState"]?["terminated"] is not null;
            failed |= status["state"]?["terminated"] is not null;
            statuses.Add((JsonNode)status);
            if (after is { } wait && (next is null || wait < next))
            {
                next = wait;
            }
        }

        var ip = JsonFields.String(pod, "status", "podIP") ?? (started || failed ? NextPodIp(pod) : null);
        var podStatus = PodStatuses.WithContainers(pod, statuses, started || failed ? ip : null, now);
        if (failed)
        {
            podStatus["phase"] = "Failed";
            foreach (var condition in (podStatus["conditions"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(c => JsonFields.String(c, "type") is "Ready" or "ContainersReady"))
            {
                condition["reason"] = "PodFailed";
                condition.Remove("message");
            }

            return (podStatus, null);
        }

        return (podStatus, next);
    }

    /// <summary>A container of a restartPolicy Never pod that exits with an error: terminated, never restarted.</summary>
    private JsonObject Exit(JsonObject pod, string name, string image, string time)
    {
        var fieldPath = $"spec.containers{{{name}}}";
        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Pulling", $"Pulling image \"{image}\"", fieldPath);
        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Pulled", $"Successfully pulled image \"{image}\" in 812ms (812ms including waiting). Image size: 4278211 bytes.", fieldPath);
        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Created", $"Created container {name}", fieldPath);
        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Started", $"Started container {name}", fieldPath);
        var terminated = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = 1,
                ["reason"] = "Error",
                ["startedAt"] = time,
                ["finishedAt"] = time,
            },
        };
        return PodStatuses.Container(pod, name, image, ready: false, 0, terminated, lastState: null);
    }

    private JsonObject Run(JsonObject pod, string name, string image, JsonObject? before, string time)
    {
        if (before?["state"]?["running"] is not null && before["ready"]?.GetValue<bool>() == true)
        {
            return before;
        }

        var fieldPath = $"spec.containers{{{name}}}";
        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Pulling", $"Pulling image \"{image}\"", fieldPath);
        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Pulled", $"Successfully pulled image \"{image}\" in 1.204s (1.204s including waiting). Image size: 72182853 bytes.", fieldPath);
        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Created", $"Created container {name}", fieldPath);
        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Started", $"Started container {name}", fieldPath);
        return PodStatuses.Container(pod, name, image, ready: true, JsonFields.Integer(before, "restartCount") ?? 0,
            new JsonObject { ["running"] = new JsonObject { ["startedAt"] = time } }, lastState: null);
    }

    private (JsonObject, TimeSpan?) Crash(JsonObject pod, string name, string image, JsonObject? before, string time)
    {
        var fieldPath = $"spec.containers{{{name}}}";
        var first = JsonFields.String(before, "state", "waiting", "reason") != "CrashLoopBackOff";
        if (first)
        {
            _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Pulling", $"Pulling image \"{image}\"", fieldPath);
            _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Pulled", $"Successfully pulled image \"{image}\" in 812ms (812ms including waiting). Image size: 4278211 bytes.", fieldPath);
        }
        else
        {
            _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Pulled", $"Container image \"{image}\" already present on machine", fieldPath);
        }

        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Created", $"Created container {name}", fieldPath);
        _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Started", $"Started container {name}", fieldPath);
        _context.Events.Warning(BuiltInResources.Pods, pod, "kubelet", "BackOff",
            $"Back-off restarting failed container {name} in pod {ObjectMeta.Name(pod)}_{ObjectMeta.Namespace(pod)}({ObjectMeta.Uid(pod)})", fieldPath);
        var restarts = (JsonFields.Integer(before, "restartCount") ?? 0) + 1;
        var backOff = BackOff(restarts);
        var waiting = new JsonObject
        {
            ["waiting"] = new JsonObject
            {
                ["reason"] = "CrashLoopBackOff",
                ["message"] = $"back-off {Math.Max(10, (int)backOff.TotalSeconds * 10)}s restarting failed container={name} pod={ObjectMeta.Name(pod)}_{ObjectMeta.Namespace(pod)}({ObjectMeta.Uid(pod)})",
            },
        };
        var lastState = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = 1,
                ["reason"] = "Error",
                ["startedAt"] = time,
                ["finishedAt"] = time,
                ["containerID"] = $"containerd://{ObjectMeta.Uid(pod).Replace("-", string.Empty, StringComparison.Ordinal)}{restarts}",
            },
        };
        return (PodStatuses.Container(pod, name, image, ready: false, restarts, waiting, lastState), backOff);
    }

    private (JsonObject, TimeSpan?) FailPull(JsonObject pod, string name, string image, JsonObject? before)
    {
        var fieldPath = $"spec.containers{{{name}}}";
        var wasErrImagePull = JsonFields.String(before, "state", "waiting", "reason") == "ErrImagePull";
        JsonObject waiting;
        if (wasErrImagePull)
        {
            _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "BackOff", $"Back-off pulling image \"{image}\"", fieldPath);
            _context.Events.Warning(BuiltInResources.Pods, pod, "kubelet", "Failed", "Error: ImagePullBackOff", fieldPath);
            waiting = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = $"Back-off pulling image \"{image}\"" } };
        }
        else
        {
            var error = PullError(image);
            _context.Events.Normal(BuiltInResources.Pods, pod, "kubelet", "Pulling", $"Pulling image \"{image}\"", fieldPath);
            _context.Events.Warning(BuiltInResources.Pods, pod, "kubelet", "Failed", $"Failed to pull image \"{image}\": {error}", fieldPath);
            _context.Events.Warning(BuiltInResources.Pods, pod, "kubelet", "Failed", "Error: ErrImagePull", fieldPath);
            waiting = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ErrImagePull", ["message"] = error } };
        }

        var status = PodStatuses.Container(pod, name, image, ready: false, 0, waiting, lastState: null);
        return (status, wasErrImagePull ? BackOff(3) : _context.PodReadyDelay);
    }

    private TimeSpan BackOff(long restarts)
    {
        var unit = _context.PodReadyDelay > TimeSpan.FromMilliseconds(50) ? _context.PodReadyDelay : TimeSpan.FromMilliseconds(50);
        var wait = unit * Math.Pow(2, Math.Min(restarts, 5));
        return wait > s_maxBackOff ? s_maxBackOff : wait;
    }

    private static string PullError(string image)
    {
        var registry = ImageProfile.Registry(image);
        var reference = image.Contains('/', StringComparison.Ordinal) ? image : "docker.io/library/" + image;
        return registry == "registry-1.docker.io" || !registry.Contains(ImageProfile.UnresolvableHost, StringComparison.OrdinalIgnoreCase)
            ? $"failed to pull and unpack image \"{reference}\": failed to resolve reference \"{reference}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
            : $"failed to pull and unpack image \"{reference}\": failed to resolve reference \"{reference}\": failed to do request: Head \"https://{registry}/v2/\": dial tcp: lookup {registry}: no such host";
    }
}
