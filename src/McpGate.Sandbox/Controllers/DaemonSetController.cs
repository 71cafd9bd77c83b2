using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Resources.Core;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The daemonset controller: one pod per Ready node whose labels match the template's nodeSelector,
/// pinned by node affinity and tolerating cordoned nodes (as real daemon pods do); outdated pods
/// are replaced one at a time.
/// </summary>
internal sealed class DaemonSetController
{
    private const string GenerationLabel = "pod-template-generation";
    private readonly ControllerContext _context;

    public DaemonSetController(ControllerContext context)
    {
        _context = context;
    }

    public bool Reconcile()
    {
        var changed = false;
        var pods = _context.List(BuiltInResources.Pods);
        var nodes = _context.List(CoreResources.Nodes);
        foreach (var set in _context.List(WorkloadResources.DaemonSets).Where(s => !ObjectMeta.IsTerminating(s)))
        {
            var uid = ObjectMeta.Uid(set);
            var owned = pods.Where(p => ObjectMeta.ControllerUid(p) == uid && !ObjectMeta.IsTerminating(p)).ToList();
            changed |= ReconcileOne(set, owned, nodes);
        }

        return changed;
    }

    /// <summary>The node a daemon pod is pinned to (its required node affinity on metadata.name).</summary>
    public static string? PinnedNode(JsonObject pod) =>
        (JsonFields.FindArray(pod, "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms") ?? [])
            .SelectMany(t => JsonFields.FindArray(t, "matchFields") ?? [])
            .Where(f => JsonFields.String(f, "key") == "metadata.name" && JsonFields.String(f, "operator") == "In")
            .Select(f => JsonFields.String(JsonFields.FindArray(f, "values")?.FirstOrDefault()))
            .FirstOrDefault();

    private bool ReconcileOne(JsonObject set, List<JsonObject> owned, IReadOnlyList<JsonObject> nodes)
    {
        var template = JsonFields.FindObject(set, "spec", "template");
        var hash = PodTemplateHash.Compute(template);
        var generation = (JsonFields.Integer(set, "metadata", "generation") ?? 1).ToString(CultureInfo.InvariantCulture);
        var nodeSelector = JsonFields.StringMap(JsonFields.FindObject(template, "spec", "nodeSelector"));
        var eligible = nodes.Where(n => Kubelet.IsNodeReady(n) && nodeSelector.All(s => ObjectMeta.Label(n, s.Key) == s.Value)).Select(ObjectMeta.Name).ToHashSet(StringComparer.Ordinal);
        var changed = false;

        foreach (var pod in owned.Where(p => NodeOf(p) is not { } node || !eligible.Contains(node)).ToList())
        {
            if (PodFactory.Delete(_context, WorkloadResources.DaemonSets, set, pod))
            {
                owned.Remove(pod);
                changed = true;
            }
        }

        foreach (var node in eligible.Where(n => !owned.Any(p => NodeOf(p) == n)).Order(StringComparer.Ordinal))
        {
            var podTemplate = (JsonObject?)template?.DeepClone() ?? [];
            var spec = JsonFields.Object(podTemplate, "spec");
            spec["affinity"] = new JsonObject
            {
                ["nodeAffinity"] = new JsonObject
                {
                    ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
                    {
                        ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                        {
                            ["matchFields"] = new JsonArray(new JsonObject { ["key"] = "metadata.name", ["operator"] = "In", ["values"] = new JsonArray(node) }),
                        }),
                    },
                },
            };
            var tolerations = spec["tolerations"] as JsonArray ?? [];
            spec["tolerations"] = tolerations;
            foreach (var (key, effect) in (ReadOnlySpan<(string, string)>)[("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"), ("node.kubernetes.io/disk-pressure", "NoSchedule"), ("node.kubernetes.io/memory-pressure", "NoSchedule"), ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule")])
            {
                tolerations.Add((JsonNode)new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = effect });
            }

            var labels = new JsonObject { [StatefulSetController.RevisionLabel] = hash, [GenerationLabel] = generation };
            if (PodFactory.Create(_context, WorkloadResources.DaemonSets, set, podTemplate, $"{ObjectMeta.Name(set)}-{Identifiers.RandomSuffix()}", labels) is { } created)
            {
                owned.Add(created);
                changed = true;
            }
        }

        if (owned.All(PodStatuses.IsReady)
            && owned.FirstOrDefault(p => ObjectMeta.Label(p, StatefulSetController.RevisionLabel) != hash) is { } outdated
            && PodFactory.Delete(_context, WorkloadResources.DaemonSets, set, outdated))
        {
            owned.Remove(outdated);
            changed = true;
        }

        var ready = owned.Count(PodStatuses.IsReady);
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = owned.Count,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = eligible.Count,
            ["numberReady"] = ready,
            ["observedGeneration"] = JsonFields.Integer(set, "metadata", "generation") ?? 1,
            ["updatedNumberScheduled"] = owned.Count(p => ObjectMeta.Label(p, StatefulSetController.RevisionLabel) == hash),
            ["numberAvailable"] = ready,
        };
        if (eligible.Count > ready)
        {
            status["numberUnavailable"] = eligible.Count - ready;
        }

        changed |= _context.UpdateStatus(WorkloadResources.DaemonSets, set, status) is not null;
        return changed;
    }

    private static string? NodeOf(JsonObject pod) => PinnedNode(pod) ?? JsonFields.String(pod, "spec", "nodeName");
}
