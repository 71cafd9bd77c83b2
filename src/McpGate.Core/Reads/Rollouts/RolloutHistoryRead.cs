using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Checks;
using McpGate.Core.Operations;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Rollouts;

/// <summary>
/// <c>rollout_history</c>: <c>kubectl rollout history</c>. The revisions a Deployment (its ReplicaSets) or a
/// StatefulSet or DaemonSet (its ControllerRevisions) keeps, with change-cause, images, age and which one runs
/// now; with a revision, that revision's pod template (environment values left out, the rest redacted).
/// The revisions are read as <c>rollout_undo</c> reads them (<see cref="WorkloadRevisions"/>).
/// </summary>
public sealed class RolloutHistoryRead : IReadStrategy
{
    private static readonly IReadOnlyList<string> s_columns = ["REVISION", "CURRENT", "AGE", "IMAGES", "CHANGE-CAUSE"];

    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var target = await RolloutTargets.ResolveAsync(request, context, cancellationToken).ConfigureAwait(false);
        var obj = await ReadObjects.GetAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
        var workload = Workload.Of(target.Ref, obj)
            ?? throw new ReadException($"{target.Kind} {target.Ref} keeps no revision history.");
        var revisions = await WorkloadRevisions.ListAsync(context.Cluster, workload, cancellationToken).ConfigureAwait(false);
        var current = WorkloadRevisions.Current(workload, revisions);
        var now = context.Time.GetUtcNow();
        var wanted = request.Operation.Query.Revision;
        var shown = wanted is { } number
            ? [revisions.FirstOrDefault(r => r.Number == number) ?? throw new ReadException(
                $"{target.Kind} {target.Ref} has no revision {number}; "
                + (revisions.Count == 0 ? "it keeps no revisions." : $"the revisions it keeps are: {WorkloadRevisions.Show(revisions)} (current {current?.ToString(CultureInfo.InvariantCulture) ?? "unknown"})."))]
            : revisions;

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{target.Kind} {target.Ref} on cluster {context.Cluster.ClusterName}: ");
        text.Append(revisions.Count == 0 ? "no revisions recorded" : $"{revisions.Count} revision{(revisions.Count == 1 ? string.Empty : "s")} recorded");
        text.Append(current is { } c ? $", current {c.ToString(CultureInfo.InvariantCulture)}" : string.Empty).Append('\n');
        if (shown.Count > 0)
        {
            text.Append(TextTable.Render(s_columns, [.. shown.Select(r => Row(r, current, now))]));
        }

        var data = new JsonObject
        {
            ["cluster"] = context.Cluster.ClusterName,
            ["kind"] = target.Kind,
            ["namespace"] = target.Ref.Namespace,
            ["name"] = target.Ref.Name,
            ["currentRevision"] = current,
            ["revisions"] = new JsonArray([.. shown.Select(r => (JsonNode)Item(r, current))]),
        };
        if (wanted is not null)
        {
            var template = Template(shown[0].Template);
            text.Append(FlatText.Render(template));
            data["template"] = template;
        }

        return new ReadResult { Text = Redaction.Text(text.ToString()), Data = Redaction.Redact(data) };
    }

    private static List<string> Row(WorkloadRevision revision, long? current, DateTimeOffset now) =>
    [
        revision.Number.ToString(CultureInfo.InvariantCulture),
        revision.Number == current ? "*" : string.Empty,
        revision.CreatedAt is { } created ? Ages.Since(JsonValue.Create(created), now) : "<unknown>",
        string.Join(",", Images(revision.Template)),
        revision.ChangeCause ?? "<none>",
    ];

    private static JsonObject Item(WorkloadRevision revision, long? current) => new()
    {
        ["revision"] = revision.Number,
        ["current"] = revision.Number == current,
        ["recordedBy"] = revision.Name,
        ["createdAt"] = revision.CreatedAt,
        ["changeCause"] = revision.ChangeCause,
        ["images"] = new JsonArray([.. Images(revision.Template).Select(i => (JsonNode?)i)]),
    };

    private static IEnumerable<string> Images(JsonObject template) =>
        ObjectFields.Objects(template["spec"]?["initContainers"]).Concat(ObjectFields.Objects(template["spec"]?["containers"]))
            .Select(c => ObjectFields.Text(c["image"]) ?? string.Empty);

    /// <summary>The pod template redacted, with environment variables by name only (their values may hold credentials).</summary>
    private static JsonObject Template(JsonObject template)
    {
        var copy = Redaction.Redact(template);
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in ObjectFields.Objects(copy["spec"]?[list]))
            {
                if (container["env"] is JsonArray env)
                {
                    container["env"] = new JsonArray([.. ObjectFields.Objects(env).Select(e => e["name"]?.DeepClone())]);
                }
            }
        }

        return copy;
    }
}
