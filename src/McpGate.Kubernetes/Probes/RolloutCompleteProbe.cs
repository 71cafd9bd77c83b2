using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// <c>rollout_complete</c> for Deployments, StatefulSets and DaemonSets: the workload's status as
/// <c>kubectl rollout status</c> judges it (<see cref="DeploymentRollout"/>,
/// <see cref="StatefulSetRollout"/>, <see cref="DaemonSetRollout"/>) and the health of the new
/// template's pods, which fails the rollout early on a crash loop or an image that cannot be pulled
/// (<see cref="PodHealth"/>). That the template still holds what the change applied (a rollout of
/// the new image, not of someone else's) the engine checks on every done verdict. Evidence: the
/// status counts, new pods, restarts, containers in back-off and recent Warning events.
/// </summary>
internal sealed class RolloutCompleteProbe : IStateProbe
{
    public const string Name = "rollout_complete";

    private readonly IClusterPort _cluster;

    public RolloutCompleteProbe(IClusterPort cluster) => _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));

    public IReadOnlyCollection<string> Expectations { get; } = [Name];

    public async Task<ProbeResult> ProbeAsync(ProbeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Target;
        Func<JsonObject, ProbeResult>? judge = target.Resource switch
        {
            "deployments" => DeploymentRollout.Judge,
            "statefulsets" => StatefulSetRollout.Judge,
            "daemonsets" => DaemonSetRollout.Judge,
            _ => null,
        };
        if (judge is null || target.Group != "apps")
        {
            return ProbeResult.Failed($"{Name} judges apps deployments, statefulsets and daemonsets, not {target.ApiVersion} {target.Resource}");
        }

        var workload = await _cluster.GetAsync(target, cancellationToken).ConfigureAwait(false);
        if (workload is null)
        {
            return ProbeResult.Failed($"{target.Resource} {target} no longer exists");
        }

        var verdict = judge(workload);
        var facts = verdict.Evidence.ToList();
        var observed = ObjectFields.Long(workload["status"]?["observedGeneration"]);
        if (observed < ObjectFields.Long(workload["metadata"]?["generation"]))
        {
            return verdict;
        }

        var (pods, uids) = await NewTemplatePods.ReadAsync(_cluster, target, workload, cancellationToken).ConfigureAwait(false);
        var health = PodHealth.Assess(pods);
        health.AddFacts(facts);
        if (verdict.Status == ProbeStatus.Done)
        {
            return health.Restarts == 0
                ? verdict with { Evidence = facts }
                : ProbeResult.Done($"{verdict.Detail}; the new pods restarted {health.Restarts} times", facts, ProbeConfidence.Medium);
        }

        await WarningEvents.AddAsync(_cluster, target.Namespace, uids, facts, cancellationToken).ConfigureAwait(false);
        return verdict.Status == ProbeStatus.Failed || health.Failure is null
            ? verdict with { Evidence = facts }
            : ProbeResult.Failed($"{health.Failure} ({verdict.Detail})", facts);
    }
}
