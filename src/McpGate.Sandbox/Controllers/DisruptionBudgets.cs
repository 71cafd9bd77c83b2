using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

/// <summary>What a PodDisruptionBudget allows right now, computed from the pods it selects and their controllers' scale.</summary>
internal sealed record DisruptionBudgets(int ExpectedPods, int CurrentHealthy, int DesiredHealthy)
{
    public int DisruptionsAllowed => Math.Max(0, CurrentHealthy - DesiredHealthy);

    /// <summary>The budgets in the pod's namespace whose selector matches its labels.</summary>
    public static IReadOnlyList<JsonObject> Matching(ObjectService objects, JsonObject pod)
    {
        var labels = JsonFields.StringMap(JsonFields.FindObject(pod, "metadata", "labels"));
        return objects.List(WorkloadResources.PodDisruptionBudgets, ObjectMeta.Namespace(pod)).Items
            .Where(b => LabelSelector.FromJson(JsonFields.FindObject(b, "spec", "selector")).Matches(labels))
            .ToList();
    }

    public static DisruptionBudgets Compute(ObjectService objects, JsonObject budget)
    {
        var ns = ObjectMeta.Namespace(budget);
        var selector = LabelSelector.FromJson(JsonFields.FindObject(budget, "spec", "selector"));
        var pods = objects.List(BuiltInResources.Pods, ns).Items
            .Where(p => !ObjectMeta.IsTerminating(p) && selector.Matches(JsonFields.StringMap(JsonFields.FindObject(p, "metadata", "labels"))))
            .ToList();
        var healthy = pods.Count(PodStatuses.IsReady);
        var expected = CountExpected(objects, ns, pods);
        var spec = JsonFields.FindObject(budget, "spec");
        int desired;
        if (spec?["maxUnavailable"] is { } maxUnavailable)
        {
            desired = Math.Max(0, expected - IntOrPercent.Resolve(maxUnavailable, expected, roundUp: true, fallback: 0));
        }
        else
        {
            desired = IntOrPercent.Resolve(spec?["minAvailable"], expected, roundUp: true, fallback: 1);
        }

        return new DisruptionBudgets(expected, healthy, desired);
    }

    /// <summary>The budget's status as the disruption controller writes it.</summary>
    public JsonObject Status(JsonObject budget, DateTimeOffset now)
    {
        var allowed = DisruptionsAllowed > 0;
        var previous = (JsonFields.FindArray(budget, "status", "conditions") ?? []).FirstOrDefault(c => JsonFields.String(c, "type") == "DisruptionAllowed");
        var status = allowed ? "True" : "False";
        return new JsonObject
        {
            ["observedGeneration"] = JsonFields.Integer(budget, "metadata", "generation") ?? 1,
            ["disruptionsAllowed"] = DisruptionsAllowed,
            ["currentHealthy"] = CurrentHealthy,
            ["desiredHealthy"] = DesiredHealthy,
            ["expectedPods"] = ExpectedPods,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "DisruptionAllowed",
                ["status"] = status,
                ["observedGeneration"] = JsonFields.Integer(budget, "metadata", "generation") ?? 1,
                ["lastTransitionTime"] = JsonFields.String(previous, "status") == status ? JsonFields.String(previous, "lastTransitionTime") : Timestamps.Format(now),
                ["reason"] = allowed ? "SufficientPods" : "InsufficientPods",
                ["message"] = string.Empty,
            }),
        };
    }

    /// <summary>Like the disruption controller: the scale of each controller owning selected pods, plus uncontrolled pods.</summary>
    private static int CountExpected(ObjectService objects, string ns, List<JsonObject> pods)
    {
        var scales = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var definition in (ResourceDefinition[])[BuiltInResources.ReplicaSets, WorkloadResources.StatefulSets])
        {
            foreach (var owner in objects.List(definition, ns).Items)
            {
                scales[ObjectMeta.Uid(owner)] = JsonFields.Integer(owner, "spec", "replicas") ?? 1;
            }
        }

        var expected = 0L;
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (ObjectMeta.ControllerUid(pod) is { } uid && scales.TryGetValue(uid, out var scale))
            {
                if (counted.Add(uid))
                {
                    expected += scale;
                }
            }
            else
            {
                expected++;
            }
        }

        return (int)Math.Max(expected, pods.Count);
    }
}
