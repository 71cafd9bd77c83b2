using System.Text.Json.Nodes;
using McpGate.Sandbox.Controllers;
using McpGate.Sandbox.Objects;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Api;

internal sealed partial class ResourceEndpoint
{
    public const string DisruptionBudgetMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    // Evictions are decided one at a time, so two concurrent ones cannot both spend the last allowed disruption.
    private readonly Lock _evictions = new();

    /// <summary>
    /// POST pods/{name}/eviction (policy/v1 Eviction, JSON or protobuf): deletes the pod unless the one
    /// PodDisruptionBudget selecting it has no disruption left (429 TooManyRequests, as the API server).
    /// </summary>
    private async Task EvictAsync(HttpContext context, RequestTarget target, CancellationToken cancellationToken)
    {
        var body = await HttpJson.ReadObjectAsync(context, cancellationToken).ConfigureAwait(false);
        if (JsonFields.String(body, "kind") is { } kind && kind != "Eviction")
        {
            throw new ApiException(ApiErrors.BadRequest($"the body of the request was of kind {kind}, expected Eviction"));
        }

        var name = target.Name!;
        if (JsonFields.String(body, "metadata", "name") is { Length: > 0 } bodyName && bodyName != name)
        {
            throw new ApiException(ApiErrors.BadRequest($"name in URL does not match name in Eviction object"));
        }

        var options = JsonFields.FindObject(body, "deleteOptions");
        var dryRun = IsDryRun(context.Request) || (JsonFields.FindArray(options, "dryRun") ?? []).Any(v => JsonFields.String(v) == "All");
        var preconditions = JsonFields.FindObject(options, "preconditions") is { } p
            ? new DeletePreconditions(JsonFields.String(p, "uid"), JsonFields.String(p, "resourceVersion"))
            : null;
        lock (_evictions)
        {
            var pod = _objects.Get(target.Definition, target.Namespace, name);
            CheckDisruptionBudget(pod);
            _objects.Delete(target.Definition, target.Namespace, name, preconditions, dryRun);
        }

        await HttpJson.WriteAsync(context, 201, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["code"] = 201,
        }, cancellationToken).ConfigureAwait(false);
    }

    private void CheckDisruptionBudget(JsonObject pod)
    {
        // A pod that is not running (or already going) disrupts nothing: the API server skips the budget.
        if (ObjectMeta.IsTerminating(pod) || JsonFields.String(pod, "status", "phase") is "Pending" or "Succeeded" or "Failed" or null)
        {
            return;
        }

        var budgets = DisruptionBudgets.Matching(_objects, pod);
        if (budgets.Count == 0)
        {
            return;
        }

        if (budgets.Count > 1)
        {
            throw new ApiException(ApiErrors.InternalError("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."));
        }

        var budget = DisruptionBudgets.Compute(_objects, budgets[0]);
        var healthy = PodStatuses.IsReady(pod);
        // Unhealthy pods may go while the budget is met (unhealthyPodEvictionPolicy IfHealthyBudget).
        if (healthy ? budget.DisruptionsAllowed > 0 : budget.CurrentHealthy >= budget.DesiredHealthy)
        {
            return;
        }

        throw new ApiException(new ApiStatus
        {
            Code = 429,
            Reason = "TooManyRequests",
            Message = DisruptionBudgetMessage,
            Causes =
            [
                new StatusCause("DisruptionBudget", $"The disruption budget {ObjectMeta.Name(budgets[0])} needs {budget.DesiredHealthy} healthy pods and has {budget.CurrentHealthy} currently", string.Empty),
            ],
        });
    }
}
