using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The statefulset controller: pods name-0..N-1, created in order (each once the previous is
/// Ready, unless podManagementPolicy is Parallel), removed from the highest ordinal down, and
/// replaced from the highest ordinal down to the RollingUpdate partition when the template changes
/// (never with OnDelete). Unlike the real controller, a pod recreated below the partition gets the
/// update revision: the sandbox keeps no ControllerRevisions of older templates.
/// </summary>
internal sealed class StatefulSetController
{
    public const string RevisionLabel = "controller-revision-hash";
    private readonly ControllerContext _context;

    public StatefulSetController(ControllerContext context)
    {
        _context = context;
    }

    public bool Reconcile()
    {
        var changed = false;
        var pods = _context.List(BuiltInResources.Pods);
        foreach (var set in _context.List(WorkloadResources.StatefulSets).Where(s => !ObjectMeta.IsTerminating(s)))
        {
            var uid = ObjectMeta.Uid(set);
            var owned = pods.Where(p => ObjectMeta.ControllerUid(p) == uid && !ObjectMeta.IsTerminating(p)).ToList();
            changed |= ReconcileOne(set, owned);
        }

        return changed;
    }

    private bool ReconcileOne(JsonObject set, List<JsonObject> owned)
    {
        var name = ObjectMeta.Name(set);
        var replicas = (int)(JsonFields.Integer(set, "spec", "replicas") ?? 1);
        var template = JsonFields.FindObject(set, "spec", "template");
        var updateRevision = $"{name}-{PodTemplateHash.Compute(template)}";
        var parallel = JsonFields.String(set, "spec", "podManagementPolicy") == "Parallel";
        var byOrdinal = new Dictionary<int, JsonObject>();
        var stray = -1;
        foreach (var pod in owned)
        {
            var ordinal = Ordinal(name, pod);
            byOrdinal[ordinal < 0 || byOrdinal.ContainsKey(ordinal) ? stray-- : ordinal] = pod;
        }

        var changed = false;

        foreach (var extra in byOrdinal.Where(e => e.Key >= replicas || e.Key < 0).OrderByDescending(e => e.Key).ToList())
        {
            if (!parallel && byOrdinal.Any(e => e.Key < extra.Key && !PodStatuses.IsReady(e.Value)))
            {
                break;
            }

            if (PodFactory.Delete(_context, WorkloadResources.StatefulSets, set, extra.Value))
            {
                byOrdinal.Remove(extra.Key);
                changed = true;
            }

            if (!parallel)
            {
                break;
            }
        }

        for (var ordinal = 0; ordinal < replicas; ordinal++)
        {
            if (byOrdinal.ContainsKey(ordinal))
            {
                continue;
            }

            if (!parallel && Enumerable.Range(0, ordinal).Any(i => !byOrdinal.TryGetValue(i, out var before) || !PodStatuses.IsReady(before)))
            {
                break;
            }

            var podName = string.Create(CultureInfo.InvariantCulture, $"{name}-{ordinal}");
            var labels = new JsonObject
            {
                [RevisionLabel] = updateRevision,
                ["statefulset.kubernetes.io/pod-name"] = podName,
                ["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture),
            };
            var podTemplate = (JsonObject?)template?.DeepClone() ?? [];
            var spec = JsonFields.Object(podTemplate, "spec");
            spec["hostname"] = podName;
            if (JsonFields.String(set, "spec", "serviceName") is { Length: > 0 } service)
            {
                spec["subdomain"] = service;
            }

            if (PodFactory.Create(_context, WorkloadResources.StatefulSets, set, podTemplate, podName, labels) is { } created)
            {
                byOrdinal[ordinal] = created;
                changed = true;
            }

            if (!parallel)
            {
                break;
            }
        }

        // Rolling update: replace the highest outdated pod at or above the partition once every pod
        // is Ready. OnDelete replaces nothing: pods take the new template when someone deletes them.
        var rolling = (JsonFields.String(set, "spec", "updateStrategy", "type") ?? "RollingUpdate") == "RollingUpdate";
        var partition = JsonFields.Integer(set, "spec", "updateStrategy", "rollingUpdate", "partition") ?? 0;
        if (rolling && byOrdinal.Count == replicas && byOrdinal.Values.All(PodStatuses.IsReady))
        {
            var outdated = byOrdinal.Where(e => e.Key >= partition && ObjectMeta.Label(e.Value, RevisionLabel) != updateRevision).OrderByDescending(e => e.Key).FirstOrDefault();
            if (outdated.Value is not null && PodFactory.Delete(_context, WorkloadResources.StatefulSets, set, outdated.Value))
            {
                byOrdinal.Remove(outdated.Key);
                changed = true;
            }
        }

        var pods = byOrdinal.Values.ToList();
        var ready = pods.Count(PodStatuses.IsReady);
        var updated = pods.Count(p => ObjectMeta.Label(p, RevisionLabel) == updateRevision);
        var currentRevision = JsonFields.String(set, "status", "currentRevision") ?? updateRevision;
        if (updated == replicas && ready == replicas)
        {
            currentRevision = updateRevision;
        }

        var status = new JsonObject
        {
            ["observedGeneration"] = JsonFields.Integer(set, "metadata", "generation") ?? 1,
            ["replicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = pods.Count(p => ObjectMeta.Label(p, RevisionLabel) == currentRevision),
            ["updatedReplicas"] = updated,
            ["currentRevision"] = currentRevision,
            ["updateRevision"] = updateRevision,
            ["collisionCount"] = 0,
            ["availableReplicas"] = ready,
        };
        if (ready == 0)
        {
            status.Remove("readyReplicas");
        }

        changed |= _context.UpdateStatus(WorkloadResources.StatefulSets, set, status) is not null;
        return changed;
    }

    private static int Ordinal(string setName, JsonObject pod)
    {
        var podName = ObjectMeta.Name(pod);
        return podName.StartsWith(setName + "-", StringComparison.Ordinal)
            && int.TryParse(podName.AsSpan(setName.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal
            : -1;
    }
}
