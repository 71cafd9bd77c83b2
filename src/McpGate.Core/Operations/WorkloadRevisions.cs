using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Checks;
using McpGate.Core.Cluster;

namespace McpGate.Core.Operations;

/// <summary>
/// The revision history of a Deployment (the ReplicaSets it controls, numbered by their
/// <c>deployment.kubernetes.io/revision</c> annotation) or of a StatefulSet or DaemonSet (the
/// ControllerRevisions it controls, template at <c>data.spec.template</c>), as
/// <c>kubectl rollout history</c> reads it, and which of them is current.
/// </summary>
internal static class WorkloadRevisions
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string HashLabel = "pod-template-hash";

    public const string ChangeCauseAnnotation = "kubernetes.io/change-cause";

    /// <summary>The revisions the workload controls, lowest first.</summary>
    public static async Task<IReadOnlyList<WorkloadRevision>> ListAsync(IClusterPort cluster, Workload workload, CancellationToken cancellationToken)
    {
        var list = await cluster.ListAsync(Collection(workload), Selector(workload), cancellationToken).ConfigureAwait(false);
        return From(workload, list);
    }

    /// <summary>The revisions the workload controls, lowest first, read through a read-only reader (rollout history).</summary>
    public static async Task<IReadOnlyList<WorkloadRevision>> ListAsync(Cluster.IClusterReader cluster, Workload workload, CancellationToken cancellationToken)
    {
        var list = await cluster.ListAsync(Collection(workload), new ListQuery { LabelSelector = Selector(workload) }, cancellationToken).ConfigureAwait(false);
        return From(workload, list);
    }

    private static ResourceRef Collection(Workload workload) =>
        workload.Resource == "deployments" ? CheckResources.ReplicaSets(workload.Namespace) : CheckResources.ControllerRevisions(workload.Namespace);

    private static string? Selector(Workload workload) => workload.Selector is { IsEmpty: false } s ? s.ToQuery() : null;

    private static List<WorkloadRevision> From(Workload workload, JsonObject list)
    {
        var deployment = workload.Resource == "deployments";
        var revisions = new List<WorkloadRevision>();
        foreach (var item in CheckResources.Items(list).Where(workload.Owns))
        {
            var number = deployment ? Annotated(item) : Number(item["revision"]);
            var template = deployment ? item["spec"]?["template"] as JsonObject : item["data"]?["spec"]?["template"] as JsonObject;
            if (number is { } n && template is not null)
            {
                revisions.Add(new WorkloadRevision(n, Workload.Text(item["metadata"]?["name"]) ?? "?", Normalize(template))
                {
                    ChangeCause = Workload.Text(item["metadata"]?["annotations"]?[ChangeCauseAnnotation]),
                    CreatedAt = Workload.Text(item["metadata"]?["creationTimestamp"]),
                });
            }
        }

        return [.. revisions.OrderBy(r => r.Number)];
    }

    /// <summary>
    /// The current revision number: a deployment's own revision annotation, a statefulset's
    /// <c>status.updateRevision</c>, else the revision whose template is the workload's, else the highest.
    /// </summary>
    public static long? Current(Workload workload, IReadOnlyList<WorkloadRevision> revisions)
    {
        if (workload.Resource == "deployments" && Annotated(workload.Object) is { } annotated)
        {
            return annotated;
        }

        var updateRevision = Workload.Text(workload.Object["status"]?["updateRevision"]);
        return revisions.FirstOrDefault(r => r.Name == updateRevision)?.Number
            ?? revisions.LastOrDefault(r => SameTemplate(r.Template, workload.Template))?.Number
            ?? (revisions.Count > 0 ? revisions[^1].Number : null);
    }

    /// <summary>Whether two pod templates are the same, the hash label aside.</summary>
    public static bool SameTemplate(JsonObject? a, JsonObject? b) =>
        JsonNode.DeepEquals(a is null ? null : Normalize(a), b is null ? null : Normalize(b));

    /// <summary>A copy without the <c>pod-template-hash</c> label (an empty label map goes too) and without a <c>$patch</c> directive.</summary>
    public static JsonObject Normalize(JsonObject template)
    {
        var copy = template.DeepClone().AsObject();
        copy.Remove("$patch");
        if (copy["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(HashLabel);
            if (labels.Count == 0)
            {
                copy["metadata"]!.AsObject().Remove("labels");
            }
        }

        return copy;
    }

    public static string Show(IEnumerable<WorkloadRevision> revisions) =>
        string.Join(", ", revisions.Select(r => r.Number.ToString(CultureInfo.InvariantCulture)));

    private static long? Annotated(JsonObject obj) =>
        Workload.Text(obj["metadata"]?["annotations"]?[RevisionAnnotation]) is { } text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;

    private static long? Number(JsonNode? node) => Workload.Integer(node);
}
