using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Controllers;

/// <summary>
/// The deployment controller: one ReplicaSet per pod template (named by its pod-template-hash),
/// revisions in <c>deployment.kubernetes.io/revision</c>, rolling updates paced by maxSurge and
/// maxUnavailable (or Recreate), old ReplicaSets kept at zero up to revisionHistoryLimit, and the
/// deployment's status and conditions, including ProgressDeadlineExceeded.
/// </summary>
internal sealed partial class DeploymentController
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string DesiredAnnotation = "deployment.kubernetes.io/desired-replicas";
    private const string MaxAnnotation = "deployment.kubernetes.io/max-replicas";
    private const string DuePrefix = "deployment/";
    private readonly ControllerContext _context;

    public DeploymentController(ControllerContext context)
    {
        _context = context;
    }

    public bool Reconcile()
    {
        var changed = false;
        var replicaSets = _context.List(BuiltInResources.ReplicaSets);
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deployment in _context.List(BuiltInResources.Deployments).Where(d => !ObjectMeta.IsTerminating(d)))
        {
            var uid = ObjectMeta.Uid(deployment);
            live.Add(DuePrefix + uid);
            var owned = replicaSets.Where(r => ObjectMeta.ControllerUid(r) == uid && !ObjectMeta.IsTerminating(r)).ToList();
            changed |= ReconcileOne(deployment, owned);
        }

        _context.Due.Retain(DuePrefix, live);
        return changed;
    }

    private bool ReconcileOne(JsonObject deployment, List<JsonObject> owned)
    {
        var template = JsonFields.FindObject(deployment, "spec", "template");
        var hash = PodTemplateHash.Compute(template);
        var newRs = owned.FirstOrDefault(r => PodTemplateHash.Compute(JsonFields.FindObject(r, "spec", "template")) == hash);
        var olds = owned.Where(r => !ReferenceEquals(r, newRs)).OrderBy(Revision).ThenBy(r => JsonFields.String(r, "metadata", "creationTimestamp"), StringComparer.Ordinal).ToList();
        var desired = Desired(deployment);
        var progressed = false;
        if (deployment["spec"]?["paused"]?.GetValue<bool>() != true)
        {
            var maxOldRevision = olds.Count == 0 ? 0 : olds.Max(Revision);
            if (newRs is null)
            {
                newRs = CreateReplicaSet(deployment, template, hash, maxOldRevision + 1, InitialReplicas(deployment, olds));
                progressed = newRs is not null;
            }
            else if (Revision(newRs) <= maxOldRevision)
            {
                newRs = Annotate(deployment, newRs, maxOldRevision + 1) ?? newRs;
            }

            if (newRs is not null)
            {
                progressed |= IsRecreate(deployment) ? Recreate(deployment, newRs, olds, desired) : Roll(deployment, newRs, olds, desired);
            }
        }

        var changed = progressed;
        if (newRs is not null)
        {
            changed |= SetDeploymentRevision(deployment, Revision(newRs));
        }

        changed |= CleanUpHistory(deployment, olds);
        changed |= UpdateStatus(deployment, newRs, olds, progressed);
        return changed;
    }

    private JsonObject? CreateReplicaSet(JsonObject deployment, JsonObject? template, string hash, long revision, int replicas)
    {
        var podTemplate = template?.DeepClone() as JsonObject ?? [];
        var labels = JsonFields.Object(JsonFields.Object(podTemplate, "metadata"), "labels");
        labels[PodTemplateHash.Label] = hash;
        var selector = JsonFields.FindObject(deployment, "spec", "selector")?.DeepClone() as JsonObject ?? [];
        JsonFields.Object(selector, "matchLabels")[PodTemplateHash.Label] = hash;
        var annotations = CopiedAnnotations(deployment);
        annotations[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
        annotations[DesiredAnnotation] = Desired(deployment).ToString(CultureInfo.InvariantCulture);
        annotations[MaxAnnotation] = (Desired(deployment) + MaxSurge(deployment)).ToString(CultureInfo.InvariantCulture);
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = selector,
            ["template"] = podTemplate,
        };
        if (JsonFields.Integer(deployment, "spec", "minReadySeconds") is { } minReady)
        {
            spec["minReadySeconds"] = minReady;
        }

        var name = $"{ObjectMeta.Name(deployment)}-{hash}";
        var created = ControllerContext.TryWrite(() => _context.Objects.Create(BuiltInResources.ReplicaSets, ObjectMeta.Namespace(deployment), new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ObjectMeta.Namespace(deployment),
                ["labels"] = labels.DeepClone(),
                ["annotations"] = annotations,
                ["ownerReferences"] = ObjectMeta.ControllerReference(BuiltInResources.Deployments, deployment),
            },
            ["spec"] = spec,
        }, dryRun: false));
        if (created is not null)
        {
            _context.Events.Normal(BuiltInResources.Deployments, deployment, "deployment-controller", "ScalingReplicaSet",
                $"Scaled up replica set {name} from 0 to {replicas}");
        }

        return created;
    }

    /// <summary>A reused ReplicaSet (rollout undo) takes the next revision, as on a real cluster.</summary>
    private JsonObject? Annotate(JsonObject deployment, JsonObject replicaSet, long revision) =>
        ControllerContext.TryWrite(() => _context.Objects.Update(BuiltInResources.ReplicaSets, ObjectMeta.Namespace(replicaSet), ObjectMeta.Name(replicaSet), current =>
        {
            var annotations = JsonFields.Object(JsonFields.Metadata(current), "annotations");
            var history = JsonFields.String(annotations, RevisionAnnotation);
            foreach (var (key, value) in CopiedAnnotations(deployment))
            {
                annotations[key] = value?.DeepClone();
            }

            annotations[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
            if (history is not null)
            {
                var previous = JsonFields.String(annotations, "deployment.kubernetes.io/revision-history");
                annotations["deployment.kubernetes.io/revision-history"] = previous is null ? history : previous + "," + history;
            }

            return current;
        }, dryRun: false));

    private bool SetDeploymentRevision(JsonObject deployment, long revision)
    {
        var text = revision.ToString(CultureInfo.InvariantCulture);
        if (ObjectMeta.Annotation(deployment, RevisionAnnotation) == text)
        {
            return false;
        }

        return ControllerContext.TryWrite(() => _context.Objects.Update(BuiltInResources.Deployments, ObjectMeta.Namespace(deployment), ObjectMeta.Name(deployment), current =>
        {
            JsonFields.Object(JsonFields.Metadata(current), "annotations")[RevisionAnnotation] = text;
            return current;
        }, dryRun: false)) is not null;
    }

    private bool CleanUpHistory(JsonObject deployment, List<JsonObject> olds)
    {
        var limit = (int)(JsonFields.Integer(deployment, "spec", "revisionHistoryLimit") ?? 10);
        var idle = olds.Where(r => Replicas(r) == 0 && (JsonFields.Integer(r, "status", "replicas") ?? 0) == 0).OrderBy(Revision).ToList();
        var changed = false;
        foreach (var replicaSet in idle.Take(Math.Max(0, idle.Count - limit)))
        {
            changed |= _context.Delete(BuiltInResources.ReplicaSets, replicaSet) is not null;
        }

        return changed;
    }

    private static JsonObject CopiedAnnotations(JsonObject deployment)
    {
        var copied = new JsonObject();
        foreach (var (key, value) in JsonFields.FindObject(deployment, "metadata", "annotations") ?? [])
        {
            if (!key.StartsWith("deployment.kubernetes.io/", StringComparison.Ordinal)
                && key != "kubectl.kubernetes.io/last-applied-configuration")
            {
                copied[key] = value?.DeepClone();
            }
        }

        return copied;
    }

    internal static long Revision(JsonObject replicaSet) =>
        long.TryParse(ObjectMeta.Annotation(replicaSet, RevisionAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    private static int Desired(JsonObject deployment) => (int)(JsonFields.Integer(deployment, "spec", "replicas") ?? 1);

    private static int Replicas(JsonObject replicaSet) => (int)(JsonFields.Integer(replicaSet, "spec", "replicas") ?? 0);

    private static int Available(JsonObject replicaSet) => (int)(JsonFields.Integer(replicaSet, "status", "availableReplicas") ?? 0);

    private static bool IsRecreate(JsonObject deployment) => JsonFields.String(deployment, "spec", "strategy", "type") == "Recreate";

    private static int MaxSurge(JsonObject deployment) =>
        IsRecreate(deployment) ? 0 : IntOrPercent.Resolve(JsonFields.FindObject(deployment, "spec", "strategy", "rollingUpdate")?["maxSurge"], Desired(deployment), roundUp: true, 1);

    internal static int MaxUnavailable(JsonObject deployment)
    {
        if (IsRecreate(deployment))
        {
            return Desired(deployment);
        }

        var value = IntOrPercent.Resolve(JsonFields.FindObject(deployment, "spec", "strategy", "rollingUpdate")?["maxUnavailable"], Desired(deployment), roundUp: false, 0);
        return value == 0 && MaxSurge(deployment) == 0 ? 1 : Math.Min(value, Desired(deployment));
    }
}
