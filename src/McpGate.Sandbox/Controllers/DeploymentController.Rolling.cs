using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

internal sealed partial class DeploymentController
{
    /// <summary>How big a brand-new ReplicaSet starts: all of it with nothing old, else what the surge allows.</summary>
    private static int InitialReplicas(JsonObject deployment, List<JsonObject> olds)
    {
        var desired = Desired(deployment);
        if (IsRecreate(deployment))
        {
            return olds.Sum(Replicas) == 0 ? desired : 0;
        }

        var room = desired + MaxSurge(deployment) - olds.Sum(Replicas);
        return Math.Clamp(room, 0, desired);
    }

    private bool Recreate(JsonObject deployment, JsonObject newRs, List<JsonObject> olds, int desired)
    {
        var changed = false;
        for (var i = 0; i < olds.Count; i++)
        {
            if (Replicas(olds[i]) > 0)
            {
                changed |= Scale(deployment, olds, i, 0);
            }
        }

        if (olds.All(r => (JsonFields.Integer(r, "status", "replicas") ?? 0) == 0 && Replicas(r) == 0) && Replicas(newRs) != desired)
        {
            changed |= ScaleNew(deployment, ref newRs, desired);
        }

        return changed;
    }

    /// <summary>One step of a rolling update, as the deployment controller takes it (surge up, then retire old pods).</summary>
    private bool Roll(JsonObject deployment, JsonObject newRs, List<JsonObject> olds, int desired)
    {
        var changed = false;
        var current = Replicas(newRs);
        int target;
        if (current >= desired)
        {
            target = desired;
        }
        else
        {
            var total = current + olds.Sum(Replicas);
            var maxTotal = desired + MaxSurge(deployment);
            target = total >= maxTotal ? current : current + Math.Min(maxTotal - total, desired - current);
        }

        if (target != current)
        {
            changed |= ScaleNew(deployment, ref newRs, target);
        }

        if (olds.Sum(Replicas) == 0)
        {
            return changed;
        }

        var minAvailable = desired - MaxUnavailable(deployment);
        var newUnavailable = Math.Max(0, Replicas(newRs) - Available(newRs));
        var maxScaledDown = Replicas(newRs) + olds.Sum(Replicas) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return changed;
        }

        // Old pods that are not available anyway go first, within the budget.
        var scaledDown = 0;
        for (var i = 0; i < olds.Count && scaledDown < maxScaledDown; i++)
        {
            var unhealthy = Replicas(olds[i]) - Math.Min(Available(olds[i]), Replicas(olds[i]));
            if (unhealthy <= 0)
            {
                continue;
            }

            var step = Math.Min(maxScaledDown - scaledDown, unhealthy);
            changed |= Scale(deployment, olds, i, Replicas(olds[i]) - step);
            scaledDown += step;
        }

        // Then available old pods, as long as enough stay available overall.
        var availableNow = Math.Min(Available(newRs), Replicas(newRs)) + olds.Sum(r => Math.Min(Available(r), Replicas(r)));
        var budget = availableNow - minAvailable;
        for (var i = 0; i < olds.Count && budget > 0; i++)
        {
            if (Replicas(olds[i]) == 0)
            {
                continue;
            }

            var step = Math.Min(Replicas(olds[i]), budget);
            changed |= Scale(deployment, olds, i, Replicas(olds[i]) - step);
            budget -= step;
        }

        return changed;
    }

    private bool ScaleNew(JsonObject deployment, ref JsonObject newRs, int replicas)
    {
        var list = new List<JsonObject> { newRs };
        var changed = Scale(deployment, list, 0, replicas);
        newRs = list[0];
        return changed;
    }

    /// <summary>Sets one ReplicaSet's replicas (in the list too, so the rest of the pass sees it) and records the event.</summary>
    private bool Scale(JsonObject deployment, List<JsonObject> replicaSets, int index, int replicas)
    {
        var replicaSet = replicaSets[index];
        var from = Replicas(replicaSet);
        if (from == replicas)
        {
            return false;
        }

        var desired = Desired(deployment).ToString(CultureInfo.InvariantCulture);
        var max = (Desired(deployment) + MaxSurge(deployment)).ToString(CultureInfo.InvariantCulture);
        var updated = ControllerContext.TryWrite(() => _context.Objects.Update(BuiltInResources.ReplicaSets, ObjectMeta.Namespace(replicaSet), ObjectMeta.Name(replicaSet), current =>
        {
            JsonFields.Object(current, "spec")["replicas"] = replicas;
            var annotations = JsonFields.Object(JsonFields.Metadata(current), "annotations");
            annotations[DesiredAnnotation] = desired;
            annotations[MaxAnnotation] = max;
            return current;
        }, dryRun: false));
        if (updated is null)
        {
            return false;
        }

        replicaSets[index] = updated;
        _context.Events.Normal(BuiltInResources.Deployments, deployment, "deployment-controller", "ScalingReplicaSet",
            $"Scaled {(replicas > from ? "up" : "down")} replica set {ObjectMeta.Name(replicaSet)} from {from} to {replicas}");
        return true;
    }
}
