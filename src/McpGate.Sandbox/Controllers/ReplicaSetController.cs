using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

/// <summary>Keeps each ReplicaSet's pods at spec.replicas and reports how many are ready.</summary>
internal sealed class ReplicaSetController
{
    private readonly ControllerContext _context;

    public ReplicaSetController(ControllerContext context)
    {
        _context = context;
    }

    public bool Reconcile()
    {
        var changed = false;
        var pods = _context.List(BuiltInResources.Pods);
        foreach (var replicaSet in _context.List(BuiltInResources.ReplicaSets).Where(r => !ObjectMeta.IsTerminating(r)))
        {
            var uid = ObjectMeta.Uid(replicaSet);
            var owned = pods.Where(p => ObjectMeta.ControllerUid(p) == uid && !ObjectMeta.IsTerminating(p)).ToList();
            changed |= ReconcileOne(replicaSet, owned);
        }

        return changed;
    }

    private bool ReconcileOne(JsonObject replicaSet, List<JsonObject> owned)
    {
        var changed = false;
        var desired = (int)(JsonFields.Integer(replicaSet, "spec", "replicas") ?? 1);
        var template = JsonFields.FindObject(replicaSet, "spec", "template");
        while (owned.Count < desired)
        {
            var created = PodFactory.Create(_context, BuiltInResources.ReplicaSets, replicaSet, template, $"{ObjectMeta.Name(replicaSet)}-{Identifiers.RandomSuffix()}");
            if (created is null)
            {
                break;
            }

            owned.Add(created);
            changed = true;
        }

        foreach (var extra in PodFactory.ScaleDownOrder(owned).Take(Math.Max(0, owned.Count - desired)).ToList())
        {
            if (PodFactory.Delete(_context, BuiltInResources.ReplicaSets, replicaSet, extra))
            {
                owned.Remove(extra);
                changed = true;
            }
        }

        var ready = owned.Count(PodStatuses.IsReady);
        var status = new JsonObject
        {
            ["replicas"] = owned.Count,
            ["fullyLabeledReplicas"] = owned.Count,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["observedGeneration"] = JsonFields.Integer(replicaSet, "metadata", "generation") ?? 1,
        };
        if (ready == 0)
        {
            status.Remove("readyReplicas");
            status.Remove("availableReplicas");
        }

        if (owned.Count == 0)
        {
            status.Remove("fullyLabeledReplicas");
        }

        changed |= _context.UpdateStatus(BuiltInResources.ReplicaSets, replicaSet, status) is not null;
        return changed;
    }
}
