using System.Text.Json.Nodes;
using McpGate.Sandbox.Diagnostics;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Resources.Core;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The scheduler's and the kubelets' part: binds each new pod to a schedulable node, then after
/// <see cref="ControllerContext.PodReadyDelay"/> "starts" its containers. Images run, crash-loop or
/// fail to pull according to <see cref="ImageProfile"/>; restarts and pull retries back off.
/// </summary>
internal sealed partial class Kubelet
{
    private const string DuePrefix = "pod/";
    private readonly ControllerContext _context;
    private int _nextIp = 10;

    public Kubelet(ControllerContext context)
    {
        _context = context;
    }

    /// <summary>One pass over every pod; true when anything was written.</summary>
    public bool Reconcile()
    {
        var changed = false;
        var pods = _context.List(BuiltInResources.Pods);
        var nodes = _context.List(CoreResources.Nodes);
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => !ObjectMeta.IsTerminating(p)))
        {
            live.Add(DuePrefix + ObjectMeta.Uid(pod));
            live.Add(ScheduleDuePrefix + ObjectMeta.Uid(pod));
            changed |= Advance(pod, nodes, pods);
        }

        _context.Due.Retain(DuePrefix, live);
        _context.Due.Retain(ScheduleDuePrefix, live);
        return changed;
    }

    private bool Advance(JsonObject pod, IReadOnlyList<JsonObject> nodes, IReadOnlyList<JsonObject> pods)
    {
        if (string.IsNullOrEmpty(JsonFields.String(pod, "spec", "nodeName")))
        {
            return Schedule(pod, nodes, pods);
        }

        var dueKey = DuePrefix + ObjectMeta.Uid(pod);
        var phase = JsonFields.String(pod, "status", "phase");
        if (phase is "Succeeded" or "Failed")
        {
            _context.Due.Remove(dueKey);
            return false;
        }

        if (PodStatuses.IsReady(pod) && !NeedsRestart(pod))
        {
            return RunsToCompletion(pod) ? Complete(pod, dueKey) : Idle(dueKey);
        }

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

        var (status, next) = Step(pod, now);
        if (next is { } after)
        {
            _context.Due.Set(dueKey, now + after);
        }
        else
        {
            _context.Due.Remove(dueKey);
        }

        var written = _context.UpdateStatus(BuiltInResources.Pods, pod, status) is not null;
        if (written && PodStatuses.IsReady(new JsonObject { ["status"] = status.DeepClone() }))
        {
            var (podNamespace, podName) = (ObjectMeta.Namespace(pod), ObjectMeta.Name(pod));
            SandboxLog.PodReady(_context.Logger, podNamespace, podName);
        }

        return written;
    }

    private static bool NeedsRestart(JsonObject pod) =>
        (JsonFields.FindArray(pod, "status", "containerStatuses") ?? []).Any(s => s?["ready"]?.GetValue<bool>() != true);

    public static bool IsNodeReady(JsonObject node) =>
        (JsonFields.FindArray(node, "status", "conditions") ?? [])
            .Any(c => JsonFields.String(c, "type") == "Ready" && JsonFields.String(c, "status") == "True");

    private static string HostIp(IReadOnlyList<JsonObject> nodes, string nodeName) =>
        (JsonFields.FindArray(nodes.FirstOrDefault(n => ObjectMeta.Name(n) == nodeName), "status", "addresses") ?? [])
            .Where(a => JsonFields.String(a, "type") == "InternalIP")
            .Select(a => JsonFields.String(a, "address"))
            .FirstOrDefault() ?? "10.0.0.10";

    private string NextPodIp(JsonObject pod)
    {
        var node = JsonFields.String(pod, "spec", "nodeName") ?? string.Empty;
        var subnet = node.Length > 0 && char.IsDigit(node[^1]) ? node[^1] - '0' : 0;
        return $"10.244.{subnet}.{Interlocked.Increment(ref _nextIp) % 250 + 2}";
    }
}
