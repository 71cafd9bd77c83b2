using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// The pods running a workload's current template, as its controller labels them: for a Deployment
/// the pods of the ReplicaSet whose revision annotation equals the Deployment's; for a StatefulSet
/// the pods labelled with status.updateRevision; for a DaemonSet the pods whose
/// pod-template-generation is the set's template generation. Also returns the uids whose events matter.
/// </summary>
internal static class NewTemplatePods
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHashLabel = "controller-revision-hash";
    public const string TemplateGenerationLabel = "pod-template-generation";
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    public static async Task<(IReadOnlyList<JsonObject> Pods, IReadOnlyList<string> Uids)> ReadAsync(
        IClusterPort cluster, ResourceRef target, JsonObject workload, CancellationToken cancellationToken)
    {
        var selector = LabelSelectors.ToQuery(workload["spec"]?["selector"]);
        var uid = ObjectFields.Uid(workload);
        var pods = ObjectFields.Items(await cluster.ListAsync(Core(target, "pods"), selector, cancellationToken).ConfigureAwait(false)).ToList();
        switch (target.Resource)
        {
            case "deployments":
                var revision = ObjectFields.String(workload["metadata"]?["annotations"]?[RevisionAnnotation]);
                var sets = ObjectFields.Items(await cluster.ListAsync(target with { Name = null, Resource = "replicasets" }, selector, cancellationToken).ConfigureAwait(false))
                    .Where(rs => ObjectFields.OwnedBy(rs, uid))
                    .ToList();
                var newSet = sets.FirstOrDefault(rs => revision is not null && ObjectFields.String(rs["metadata"]?["annotations"]?[RevisionAnnotation]) == revision);
                if (newSet is null)
                {
                    return ([], [uid]);
                }

                var setUid = ObjectFields.Uid(newSet);
                var owned = pods.Where(p => ObjectFields.OwnedBy(p, setUid)).ToList();
                return (owned, [uid, setUid, .. owned.Select(ObjectFields.Uid)]);
            case "statefulsets":
                var updateRevision = ObjectFields.String(workload["status"]?["updateRevision"]);
                return Select(pods.Where(p => ObjectFields.OwnedBy(p, uid) && Label(p, RevisionHashLabel) == updateRevision).ToList(), uid);
            default:
                var generation = ObjectFields.String(workload["metadata"]?["annotations"]?[TemplateGenerationAnnotation])
                    ?? ObjectFields.Text(ObjectFields.Long(workload["metadata"]?["generation"]));
                return Select(pods.Where(p => ObjectFields.OwnedBy(p, uid) && Label(p, TemplateGenerationLabel) == generation).ToList(), uid);
        }
    }

    private static (IReadOnlyList<JsonObject>, IReadOnlyList<string>) Select(List<JsonObject> pods, string ownerUid) =>
        (pods, [ownerUid, .. pods.Select(ObjectFields.Uid)]);

    private static string? Label(JsonObject obj, string key) => ObjectFields.String(obj["metadata"]?["labels"]?[key]);

    private static ResourceRef Core(ResourceRef target, string resource) =>
        new() { Group = string.Empty, Version = "v1", Resource = resource, Namespace = target.Namespace };
}
