using McpGate.Core.Cluster;
using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Checks;

/// <summary>
/// <c>previous_revision</c>: whether there is a revision to roll back to. Deployments: the
/// ReplicaSets it controls (ownerReferences) with annotation <c>deployment.kubernetes.io/revision</c>
/// other than the deployment's own. StatefulSets and DaemonSets: the ControllerRevisions they
/// control, other than the current one (statefulset <c>status.updateRevision</c>, else the highest
/// revision). Pass naming the newest previous revision; warn when there is none, or for other kinds.
/// </summary>
internal sealed class PreviousRevisionCheck : IProofCheck
{
    public const string CheckName = "previous_revision";
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public string Name => CheckName;

    public int Weight => 1;

    public async Task<CheckRecord> RunAsync(CheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workload = Workload.Of(context.Target, context.Observed);
        if (workload is null || workload.Resource == "replicasets")
        {
            var why = context.Observed is null ? "does not exist yet" : "keeps no revision history";
            return Verdict.Warn(Name, $"the {context.Target.Resource} {why}; there is no revision to roll back to", new JsonObject { ["resource"] = context.Target.Resource });
        }

        var deployment = workload.Resource == "deployments";
        var collection = deployment ? CheckResources.ReplicaSets(workload.Namespace) : CheckResources.ControllerRevisions(workload.Namespace);
        var selector = workload.Selector is { IsEmpty: false } s ? s.ToQuery() : null;
        var list = await context.Cluster.ListAsync(collection, new ListQuery { LabelSelector = selector }, cancellationToken).ConfigureAwait(false);
        var revisions = CheckResources.Items(list)
            .Where(workload.Owns)
            .Select(o => (Name: Workload.Text(o["metadata"]?["name"]) ?? "?", Revision: deployment ? AnnotatedRevision(o) : Workload.Integer(o["revision"])))
            .Where(r => r.Revision is not null)
            .Select(r => (r.Name, Revision: r.Revision!.Value))
            .OrderByDescending(r => r.Revision)
            .ToList();
        var current = deployment ? AnnotatedRevision(workload.Object) : CurrentRevision(workload, revisions);
        var evidence = new JsonObject
        {
            ["kind"] = collection.Resource,
            ["current"] = current,
            ["revisions"] = new JsonArray([.. revisions.Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["revision"] = r.Revision })]),
        };
        var previous = revisions.Where(r => r.Revision != current).ToList();
        var kind = deployment ? "ReplicaSet" : "ControllerRevision";
        return previous.Count > 0
            ? Verdict.Pass(Name, $"revision {previous[0].Revision} ({kind} {Verdict.Quote(previous[0].Name)}) can be rolled back to; {revisions.Count} revision(s) kept, current {Show(current)}", evidence)
            : Verdict.Warn(Name, $"no previous revision to roll back to: {revisions.Count} {kind}(s) owned, current revision {Show(current)}", evidence);
    }

    /// <summary>A statefulset's <c>status.updateRevision</c> when listed, else the highest revision.</summary>
    private static int? CurrentRevision(Workload workload, List<(string Name, int Revision)> revisions)
    {
        var updateRevision = Workload.Text(workload.Object["status"]?["updateRevision"]);
        foreach (var (name, revision) in revisions)
        {
            if (name == updateRevision)
            {
                return revision;
            }
        }

        return revisions.Count > 0 ? revisions[0].Revision : null;
    }

    private static string Show(int? revision) => revision?.ToString(CultureInfo.InvariantCulture) ?? "unknown";

    private static int? AnnotatedRevision(JsonObject obj) =>
        Workload.Text(obj["metadata"]?["annotations"]?[RevisionAnnotation]) is { } text
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;
}
