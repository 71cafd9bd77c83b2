using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

internal sealed partial class DeploymentController
{
    private bool UpdateStatus(JsonObject deployment, JsonObject? newRs, List<JsonObject> olds, bool progressed)
    {
        var all = olds.Concat(newRs is null ? [] : [newRs]).ToList();
        var counts = new DeploymentCounts(
            Desired: Desired(deployment),
            Replicas: all.Sum(r => (int)(JsonFields.Integer(r, "status", "replicas") ?? 0)),
            Updated: newRs is null ? 0 : (int)(JsonFields.Integer(newRs, "status", "replicas") ?? 0),
            Ready: all.Sum(r => (int)(JsonFields.Integer(r, "status", "readyReplicas") ?? 0)),
            Available: all.Sum(r => (int)(JsonFields.Integer(r, "status", "availableReplicas") ?? 0)),
            Total: all.Sum(Replicas));
        var now = _context.Now;
        var status = DeploymentStatusBuilder.Build(deployment, newRs is null ? null : ObjectMeta.Name(newRs), counts, MaxUnavailable(deployment), progressed, now);
        var dueKey = DuePrefix + ObjectMeta.Uid(deployment);
        if (DeploymentStatusBuilder.ProgressDeadline(deployment, status) is { } deadline)
        {
            _context.Due.Set(dueKey, deadline);
        }
        else
        {
            _context.Due.Remove(dueKey);
        }

        return _context.UpdateStatus(BuiltInResources.Deployments, deployment, status) is not null;
    }
}
