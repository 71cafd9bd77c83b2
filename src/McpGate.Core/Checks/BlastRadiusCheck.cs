using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Checks;

/// <summary>
/// <c>blast_radius</c>: the pods a workload change touches. Lists the pods the workload's selector
/// selects, and works out from the observed object and the dry run how many are removed or
/// replaced and how many may be unavailable at once (<see cref="PodDisruption"/>). Pass when at
/// most <see cref="WarnAbovePercent"/>% of the replicas may be unavailable at once and the
/// workload keeps at least one replica; warn otherwise. A target that owns no pods passes.
/// </summary>
internal sealed class BlastRadiusCheck : IProofCheck
{
    public const string CheckName = "blast_radius";

    /// <summary>Share of replicas unavailable at once above which the check warns.</summary>
    public const int WarnAbovePercent = 25;

    public string Name => CheckName;

    public int Weight => 2;

    public async Task<CheckRecord> RunAsync(CheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var after = Workload.Of(context.Target, context.DryRun);
        if (after is null)
        {
            return Verdict.Pass(Name, $"{context.Target.Resource} owns no pods; no pod is affected", new JsonObject { ["resource"] = context.Target.Resource });
        }

        var before = Workload.Of(context.Target, context.Observed);
        if (before is null)
        {
            return Verdict.Pass(Name, $"the {context.Target.Resource} does not exist yet; no running pod is affected", new JsonObject { ["replicasAfter"] = after.Replicas });
        }

        var disruption = PodDisruption.Of(before, after);
        var pods = await CheckResources.SelectedPodsAsync(context.Cluster, before, cancellationToken).ConfigureAwait(false);
        var evidence = new JsonObject
        {
            ["selector"] = before.Selector?.ToQuery(),
            ["pods"] = new JsonArray([.. pods.Select(p => Workload.Text(p["metadata"]?["name"])).Order(StringComparer.Ordinal).Select(n => (JsonNode?)n)]),
            ["replicasBefore"] = disruption.Before,
            ["replicasAfter"] = disruption.After,
            ["templateChanged"] = disruption.TemplateChanged,
            ["affected"] = disruption.Affected,
            ["unavailable"] = disruption.Unavailable,
            ["sharePercent"] = disruption.SharePercent,
        };
        var detail = $"{pods.Count} pod(s) selected, {disruption.Affected} affected; up to {disruption.Unavailable} of {disruption.Before} replica(s) "
            + $"({disruption.SharePercent}%) unavailable at once: {disruption.How}";
        if (disruption.After == 0 && disruption.Before > 0)
        {
            return Verdict.Warn(Name, $"{detail}; the workload is left with no replicas", evidence);
        }

        return disruption.SharePercent > WarnAbovePercent
            ? Verdict.Warn(Name, $"{detail}; more than {WarnAbovePercent}% of the replicas", evidence)
            : Verdict.Pass(Name, detail, evidence);
    }
}
