using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Checks;

/// <summary>
/// <c>target_healthy</c>: the workload is healthy before the change. Ready pods equal desired
/// (deployments, statefulsets, replicasets: <c>status.readyReplicas</c> against
/// <c>spec.replicas</c>; daemonsets: <c>status.numberReady</c> against
/// <c>status.desiredNumberScheduled</c>) and no selected pod has a container in CrashLoopBackOff.
/// Warn when unhealthy (changes are often made to fix that, so it never fails); warn for kinds
/// it has no rule for; pass when the target does not exist yet.
/// </summary>
internal sealed class TargetHealthyCheck : IProofCheck
{
    public const string CheckName = "target_healthy";
    public const string CrashLoopBackOff = "CrashLoopBackOff";

    private static readonly string[] s_statusLists = ["initContainerStatuses", "containerStatuses"];

    public string Name => CheckName;

    public int Weight => 2;

    public async Task<CheckRecord> RunAsync(CheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Observed is null)
        {
            return Verdict.Pass(Name, $"the {context.Target.Resource} does not exist yet; nothing to be unhealthy", null);
        }

        var workload = Workload.Of(context.Target, context.Observed);
        if (workload is null)
        {
            return Verdict.Warn(Name, $"no health rule for {context.Target.Resource}; cannot tell whether it is healthy", new JsonObject { ["resource"] = context.Target.Resource });
        }

        var status = context.Observed["status"];
        var ready = Workload.Integer(status?[workload.Resource == "daemonsets" ? "numberReady" : "readyReplicas"]) ?? 0;
        var pods = await CheckResources.SelectedPodsAsync(context.Cluster, workload, cancellationToken).ConfigureAwait(false);
        var crashing = pods.Where(IsCrashLooping).Select(p => Workload.Text(p["metadata"]?["name"]) ?? "?").Order(StringComparer.Ordinal).ToList();
        var evidence = new JsonObject
        {
            ["desired"] = workload.Replicas,
            ["ready"] = ready,
            ["pods"] = pods.Count,
            ["crashLooping"] = new JsonArray([.. crashing.Select(n => (JsonNode)n)]),
        };
        var problems = new List<string>();
        if (ready != workload.Replicas)
        {
            problems.Add($"{ready} of {workload.Replicas} replica(s) ready");
        }

        if (crashing.Count > 0)
        {
            problems.Add($"{crashing.Count} pod(s) in {CrashLoopBackOff}: {Verdict.List(crashing)}");
        }

        return problems.Count == 0
            ? Verdict.Pass(Name, $"{ready} of {workload.Replicas} replica(s) ready, no pod in {CrashLoopBackOff}", evidence)
            : Verdict.Warn(Name, $"unhealthy now: {string.Join("; ", problems)}", evidence);
    }

    private static bool IsCrashLooping(JsonObject pod) =>
        s_statusLists
            .SelectMany(list => pod["status"]?[list] as JsonArray ?? [])
            .Any(c => Workload.Text(c?["state"]?["waiting"]?["reason"]) == CrashLoopBackOff);
}
