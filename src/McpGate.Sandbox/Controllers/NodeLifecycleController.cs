using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources.Core;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The node lifecycle controller's part the sandbox needs: a cordoned node (spec.unschedulable)
/// carries the <c>node.kubernetes.io/unschedulable:NoSchedule</c> taint, an uncordoned one loses it.
/// </summary>
internal sealed class NodeLifecycleController
{
    public const string UnschedulableTaint = "node.kubernetes.io/unschedulable";
    private readonly ControllerContext _context;

    public NodeLifecycleController(ControllerContext context)
    {
        _context = context;
    }

    public bool Reconcile()
    {
        var changed = false;
        foreach (var node in _context.List(CoreResources.Nodes))
        {
            var cordoned = node["spec"]?["unschedulable"]?.GetValue<bool>() == true;
            if (cordoned == HasTaint(node))
            {
                continue;
            }

            changed |= ControllerContext.TryWrite(() => _context.Objects.Update(CoreResources.Nodes, null, ObjectMeta.Name(node), latest =>
            {
                var spec = JsonFields.Object(latest, "spec");
                var latestCordoned = spec["unschedulable"]?.GetValue<bool>() == true;
                var taints = new JsonArray([.. (spec["taints"] as JsonArray ?? []).Where(t => JsonFields.String(t, "key") != UnschedulableTaint).Select(t => t!.DeepClone())]);
                if (latestCordoned)
                {
                    taints.Add((JsonNode)new JsonObject { ["key"] = UnschedulableTaint, ["effect"] = "NoSchedule", ["timeAdded"] = Timestamps.Format(_context.Now) });
                }

                if (taints.Count == 0)
                {
                    spec.Remove("taints");
                }
                else
                {
                    spec["taints"] = taints;
                }

                return latest;
            }, dryRun: false)) is not null;
        }

        return changed;
    }

    private static bool HasTaint(JsonObject node) =>
        (JsonFields.FindArray(node, "spec", "taints") ?? []).Any(t => JsonFields.String(t, "key") == UnschedulableTaint);
}
