using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

internal sealed partial class Kubelet
{
    private const string ScheduleDuePrefix = "schedule/";
    private const string UnschedulableTaint = "node.kubernetes.io/unschedulable";

    /// <summary>
    /// The scheduler: binds the pod to a node, or marks it Unschedulable with a FailedScheduling warning
    /// that says why each node was rejected. An unschedulable pod is tried again on every pass (so an
    /// uncordon places it at once) and its warning is repeated, as the scheduler's retries repeat it,
    /// once per back-off: the event recorder counts the repeats.
    /// </summary>
    private bool Schedule(JsonObject pod, IReadOnlyList<JsonObject> nodes, IReadOnlyList<JsonObject> pods)
    {
        var nodeName = PickNode(pod, nodes, pods);
        var (ns, name) = (ObjectMeta.Namespace(pod), ObjectMeta.Name(pod));
        var dueKey = ScheduleDuePrefix + ObjectMeta.Uid(pod);
        if (nodeName is null)
        {
            var now = _context.Now;
            if (_context.Due.TryGet(dueKey, out var due) && now < due)
            {
                return false;
            }

            var message = Unschedulable(pod, nodes);
            _context.Due.Set(dueKey, now + BackOff(3));
            var updated = _context.UpdateStatus(BuiltInResources.Pods, pod, PodStatuses.Unschedulable(pod, message, now));
            _context.Events.Warning(BuiltInResources.Pods, updated ?? pod, "default-scheduler", "FailedScheduling", message);
            return true;
        }

        _context.Due.Remove(dueKey);
        var bound = ControllerContext.TryWrite(() => _context.Objects.Update(BuiltInResources.Pods, ns, name, current =>
        {
            if (!string.IsNullOrEmpty(JsonFields.String(current, "spec", "nodeName")))
            {
                return current;
            }

            JsonFields.Object(current, "spec")["nodeName"] = nodeName;
            current["status"] = PodStatuses.Scheduled(current, HostIp(nodes, nodeName), _context.Now);
            return current;
        }, dryRun: false));
        if (bound is null)
        {
            return false;
        }

        _context.Events.Normal(BuiltInResources.Pods, bound, "default-scheduler", "Scheduled", $"Successfully assigned {ns}/{name} to {nodeName}");
        return true;
    }

    /// <summary>
    /// The Ready, schedulable node with the fewest pods that matches the pod's nodeSelector (or the node
    /// a daemon pod is pinned to); a virtual node when the cluster has none.
    /// </summary>
    private static string? PickNode(JsonObject pod, IReadOnlyList<JsonObject> nodes, IReadOnlyList<JsonObject> pods)
    {
        if (nodes.Count == 0)
        {
            return "sandbox-node";
        }

        return nodes
            .Where(n => Rejection(pod, n) is null)
            .Select(ObjectMeta.Name)
            .OrderBy(n => pods.Count(p => JsonFields.String(p, "spec", "nodeName") == n))
            .ThenBy(n => n, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Why the scheduler's filters reject the node for the pod (in the order they run), or null when it fits.</summary>
    private static string? Rejection(JsonObject pod, JsonObject node)
    {
        var tolerated = (JsonFields.FindArray(pod, "spec", "tolerations") ?? []).Any(t => JsonFields.String(t, "key") == UnschedulableTaint);
        if (!tolerated && node["spec"]?["unschedulable"]?.GetValue<bool>() == true)
        {
            return "node(s) were unschedulable";
        }

        if (!IsNodeReady(node))
        {
            return "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
        }

        var pinned = DaemonSetController.PinnedNode(pod);
        var nodeSelector = JsonFields.StringMap(JsonFields.FindObject(pod, "spec", "nodeSelector"));
        return (pinned is null || ObjectMeta.Name(node) == pinned) && nodeSelector.All(s => ObjectMeta.Label(node, s.Key) == s.Value)
            ? null
            : "node(s) didn't match Pod's node affinity/selector";
    }

    /// <summary>The scheduler's FailedScheduling message: "0/2 nodes are available: 2 node(s) were unschedulable. preemption: ...".</summary>
    private static string Unschedulable(JsonObject pod, IReadOnlyList<JsonObject> nodes)
    {
        var reasons = nodes.Select(n => Rejection(pod, n)).OfType<string>()
            .GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}")
            .Order(StringComparer.Ordinal);
        return $"0/{nodes.Count} nodes are available: {string.Join(", ", reasons)}. preemption: 0/{nodes.Count} nodes are available: {nodes.Count} Preemption is not helpful for scheduling.";
    }
}
