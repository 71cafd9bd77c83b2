using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// <c>job_complete</c>: a batch Job's <c>Complete</c> condition is True (done) or its <c>Failed</c>
/// condition is True (failed, with the condition's reason: BackoffLimitExceeded, DeadlineExceeded...),
/// as <c>kubectl wait --for=condition=complete</c> reads them. Otherwise progressing, suspended or not.
/// Evidence: active, succeeded and failed pods, the failed pods' exit reasons and Warning events.
/// </summary>
internal sealed class JobCompleteProbe : IStateProbe
{
    public const string Name = "job_complete";

    private readonly IClusterPort _cluster;

    public JobCompleteProbe(IClusterPort cluster) => _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));

    public IReadOnlyCollection<string> Expectations { get; } = [Name];

    public async Task<ProbeResult> ProbeAsync(ProbeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Target;
        if (target.Group != "batch" || target.Resource != "jobs")
        {
            return ProbeResult.Failed($"{Name} judges batch jobs, not {target.ApiVersion} {target.Resource}");
        }

        var job = await _cluster.GetAsync(target, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return ProbeResult.Failed($"job {target} no longer exists");
        }

        var status = job["status"];
        var completions = ObjectFields.OptionalLong(job["spec"]?["completions"]) ?? 1;
        List<ProbeFact> facts =
        [
            new("completions", ObjectFields.Text(completions)),
            new("succeeded", ObjectFields.Text(ObjectFields.Long(status?["succeeded"]))),
            new("failed", ObjectFields.Text(ObjectFields.Long(status?["failed"]))),
            new("active", ObjectFields.Text(ObjectFields.Long(status?["active"]))),
        ];
        if (ObjectFields.ConditionTrue(job, "Complete"))
        {
            facts.Add(new ProbeFact("completionTime", ObjectFields.String(status?["completionTime"]) ?? "unknown"));
            return ProbeResult.Done($"job complete: {ObjectFields.Long(status?["succeeded"])}/{completions} succeeded", facts);
        }

        await AddPodFactsAsync(target, job, facts, cancellationToken).ConfigureAwait(false);
        if (ObjectFields.ConditionTrue(job, "Failed"))
        {
            var failed = ObjectFields.Condition(job, "Failed")!;
            facts.Add(new ProbeFact("condition", $"Failed {ObjectFields.String(failed["reason"])}: {ObjectFields.String(failed["message"])}"));
            return ProbeResult.Failed($"job failed: {ObjectFields.String(failed["reason"])} ({ObjectFields.String(failed["message"])})", facts);
        }

        return ObjectFields.Bool(job["spec"]?["suspend"])
            ? ProbeResult.Progressing("job is suspended: it runs no pods until resumed", facts)
            : ProbeResult.Progressing($"job running: {ObjectFields.Long(status?["succeeded"])}/{completions} succeeded, {ObjectFields.Long(status?["active"])} active", facts);
    }

    private async Task AddPodFactsAsync(ResourceRef target, JsonObject job, List<ProbeFact> facts, CancellationToken cancellationToken)
    {
        var uid = ObjectFields.Uid(job);
        var pods = ObjectFields.Items(await _cluster.ListAsync(
                new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = target.Namespace },
                LabelSelectors.ToQuery(job["spec"]?["selector"]), cancellationToken).ConfigureAwait(false))
            .Where(p => ObjectFields.OwnedBy(p, uid))
            .ToList();
        var failed = pods.Where(p => ObjectFields.String(p["status"]?["phase"]) == "Failed").Select(FailedPod).ToList();
        if (failed.Count > 0)
        {
            facts.Add(new ProbeFact("failedPods", string.Join(", ", failed)));
        }

        var health = PodHealth.Assess(pods);
        if (health.CrashLooping.Count > 0)
        {
            facts.Add(new ProbeFact("crashLoopBackOff", string.Join(", ", health.CrashLooping)));
        }

        if (health.PullFailing.Count > 0)
        {
            facts.Add(new ProbeFact("imagePullFailures", string.Join(", ", health.PullFailing)));
        }

        await WarningEvents.AddAsync(_cluster, target.Namespace, [uid, .. pods.Select(ObjectFields.Uid)], facts, cancellationToken).ConfigureAwait(false);
    }

    private static string FailedPod(JsonObject pod)
    {
        var terminated = (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => c["state"]?["terminated"] ?? c["lastState"]?["terminated"])
            .FirstOrDefault(t => t is not null);
        return terminated is null
            ? ObjectFields.Name(pod)
            : $"{ObjectFields.Name(pod)} ({ObjectFields.String(terminated["reason"])}, exit code {ObjectFields.Long(terminated["exitCode"])})";
    }
}
