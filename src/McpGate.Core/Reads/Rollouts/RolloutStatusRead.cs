using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Rollouts;

/// <summary>
/// <c>rollout_status</c>: <c>kubectl rollout status</c> of a Deployment, StatefulSet or DaemonSet, answered at
/// once (no waiting): a one-line verdict and the numbers behind it.
/// </summary>
public sealed class RolloutStatusRead : IReadStrategy
{
    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var target = await RolloutTargets.ResolveAsync(request, context, cancellationToken).ConfigureAwait(false);
        var obj = await ReadObjects.GetAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
        var verdict = RolloutVerdicts.Of(target.Ref.Resource, obj);

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{target.Kind} {target.Ref} on cluster {context.Cluster.ClusterName}: {StateName(verdict.State)}: {verdict.Message}\n");
        text.Append(TextTable.Render(
            ["DESIRED", "CURRENT", "UP-TO-DATE", "READY", "AVAILABLE", "GENERATION", "OBSERVED"],
            [[Show(verdict.Desired), Show(verdict.Current), Show(verdict.Updated), Show(verdict.Ready), Show(verdict.Available),
              verdict.Generation is { } g ? Show(g) : "-", verdict.ObservedGeneration is { } o ? Show(o) : "-"]]));

        var data = new JsonObject
        {
            ["cluster"] = context.Cluster.ClusterName,
            ["kind"] = target.Kind,
            ["namespace"] = target.Ref.Namespace,
            ["name"] = target.Ref.Name,
            ["state"] = StateName(verdict.State),
            ["done"] = verdict.Done,
            ["verdict"] = Redaction.Text(verdict.Message),
            ["paused"] = verdict.Paused,
            ["desired"] = verdict.Desired,
            ["current"] = verdict.Current,
            ["updated"] = verdict.Updated,
            ["ready"] = verdict.Ready,
            ["available"] = verdict.Available,
            ["generation"] = verdict.Generation,
            ["observedGeneration"] = verdict.ObservedGeneration,
            ["conditions"] = new JsonArray([.. ObjectFields.Objects(obj["status"]?["conditions"]).Select(c => (JsonNode)new JsonObject
            {
                ["type"] = c["type"]?.DeepClone(),
                ["status"] = c["status"]?.DeepClone(),
                ["reason"] = c["reason"]?.DeepClone(),
                ["message"] = c["message"]?.DeepClone(),
            })]),
        };
        return new ReadResult { Text = Redaction.Text(text.ToString()), Data = Redaction.Redact(data) };
    }

    /// <summary>The state as it goes on the wire: <c>complete</c>, <c>progressing</c>, <c>stalled</c>...</summary>
    public static string StateName(RolloutState state) => state.ToString().ToLowerInvariant();

    private static string Show(long number) => number.ToString(CultureInfo.InvariantCulture);
}
