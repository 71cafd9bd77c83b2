using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The HPA controller without a metrics server: it reads the target's replicas into status and
/// reports that it cannot compute a replica count, as a real cluster without metrics-server does.
/// It never scales the target.
/// </summary>
internal sealed class HorizontalPodAutoscalerController
{
    private readonly ControllerContext _context;

    public HorizontalPodAutoscalerController(ControllerContext context)
    {
        _context = context;
    }

    public bool Reconcile()
    {
        var changed = false;
        foreach (var hpa in _context.List(WorkloadResources.HorizontalPodAutoscalers).Where(h => !ObjectMeta.IsTerminating(h)))
        {
            var ns = ObjectMeta.Namespace(hpa);
            var kind = JsonFields.String(hpa, "spec", "scaleTargetRef", "kind");
            var name = JsonFields.String(hpa, "spec", "scaleTargetRef", "name") ?? string.Empty;
            var definition = _context.Objects.Registry.All.FirstOrDefault(d => d.Kind == kind && d.FindSubresource("scale") is not null);
            var target = definition is null ? null : _context.Objects.Store.Get(ObjectService.KeyOf(definition, ns, name));
            var previous = JsonFields.FindArray(hpa, "status", "conditions") ?? [];
            var status = new JsonObject
            {
                ["currentReplicas"] = JsonFields.Integer(target, "status", "replicas") ?? 0,
                ["desiredReplicas"] = JsonFields.Integer(target, "spec", "replicas") ?? 0,
                ["conditions"] = target is null
                    ? new JsonArray(Condition(previous, "AbleToScale", "False", "FailedGetScale", $"the HPA controller was unable to get the target's current scale: {(definition?.QualifiedResource ?? kind)} \"{name}\" not found"))
                    : new JsonArray(
                        Condition(previous, "AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale"),
                        Condition(previous, "ScalingActive", "False", "FailedGetResourceMetric", "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)")),
            };
            changed |= _context.UpdateStatus(WorkloadResources.HorizontalPodAutoscalers, hpa, status) is not null;
        }

        return changed;
    }

    private JsonObject Condition(JsonArray previous, string type, string status, string reason, string message)
    {
        var old = previous.FirstOrDefault(c => JsonFields.String(c, "type") == type);
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastTransitionTime"] = JsonFields.String(old, "status") == status ? JsonFields.String(old, "lastTransitionTime") : Timestamps.Format(_context.Now),
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
