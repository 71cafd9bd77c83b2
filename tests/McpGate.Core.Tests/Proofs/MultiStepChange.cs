using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Operations;

namespace McpGate.Core.Tests.Proofs;

/// <summary>
/// A rollback change whose request patches a deployment, creates a configmap and deletes a pod, with
/// an inverse; proven on a plain-http cluster (no certificate digest, no kube-system uid), so that every
/// null the proof format writes is written.
/// </summary>
internal static class MultiStepChange
{
    public static readonly DateTimeOffset Issued = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    public static ClusterIdentity Cluster { get; } = ClusterIdentity.Create("http://127.0.0.1:8080", null, ClusterIdentity.NoCertificate, null);

    public static ChangeTarget Deployment { get; } = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };

    public static ChangeTarget ConfigMap { get; } = new() { Group = "", Version = "v1", Resource = "configmaps", Namespace = "demo", Name = "web-flags" };

    public static ChangeTarget Pod { get; } = new() { Group = "", Version = "v1", Resource = "pods", Namespace = "demo", Name = "web-7d4b9c-x2x7q" };

    public static WriteRequest Request() => new()
    {
        Action = "apply_manifest",
        Steps =
        [
            new WriteStep
            {
                Verb = WriteVerb.Patch,
                Target = Deployment,
                PatchType = PatchType.StrategicMerge,
                Body = JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}"""),
                Precondition = new WritePrecondition { ResourceVersion = "41", Uid = "0b5d2c8e-1111-4a2b-9c3d-5e6f7a8b9c0d" },
            },
            new WriteStep
            {
                Verb = WriteVerb.Create,
                Target = ConfigMap,
                Body = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-flags","namespace":"demo"},"data":{"beta":"on"}}"""),
                Precondition = WritePrecondition.MustNotExist,
            },
            new WriteStep
            {
                Verb = WriteVerb.Delete,
                Target = Pod,
                Precondition = new WritePrecondition { ResourceVersion = "77", Uid = "9a8b7c6d-2222-4e5f-8a9b-0c1d2e3f4a5b" },
                Propagation = DeletePropagation.Foreground,
            },
        ],
        Inverse =
        [
            new WriteStep
            {
                Verb = WriteVerb.Patch,
                Target = Deployment,
                PatchType = PatchType.Json,
                Body = JsonNode.Parse("""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.26"}]"""),
                Precondition = new WritePrecondition(),
            },
            new WriteStep
            {
                Verb = WriteVerb.Delete,
                Target = ConfigMap,
                Precondition = new WritePrecondition(),
                Propagation = DeletePropagation.Background,
            },
        ],
    };

    public static ChangeDocument Change()
    {
        IReadOnlyList<DiffLine> diff =
        [
            new DiffLine { Path = "spec.template.spec.containers[name=web].image", From = "nginx:1.26", To = "nginx:1.27" },
            new DiffLine { Path = "metadata.annotations[\"example.com/owner\"]", From = null, To = "team-a" },
        ];
        return new ChangeDocument
        {
            Id = "chg-multistep2345",
            Tool = "apply_manifest",
            State = ChangeState.PendingApproval,
            Requester = "agent",
            Reason = "roll back the flag rollout",
            Cluster = "sandbox",
            ClusterIdentity = Cluster,
            Target = Deployment,
            Arguments = new JsonObject { ["manifest"] = "kind: ConfigMap", ["timeout"] = 1.5 },
            Patch = (JsonObject)Request().Steps[0].Body!.DeepClone(),
            Request = Request(),
            RollbackOf = "chg-abcdefgh2345",
            Summary = ChangeSummary.Of(Deployment.ToString(), diff),
            CreatedAt = Issued.AddMinutes(-1),
            Diff = diff,
            Checks =
            [
                new CheckRecord { Name = "target_exists", Status = CheckStatus.Pass, Detail = "found", EvidenceDigest = "sha256:" + new string('a', 64) },
                new CheckRecord { Name = "gitops_managed", Status = CheckStatus.Warn, Detail = "managed by Argo CD" },
                new CheckRecord { Name = "pdb_allows", Status = CheckStatus.Fail, Detail = "budget web-pdb allows 0" },
            ],
            Policy = new PolicyRecord { Allowed = true, Rule = "staging-writes", Reason = "allowed", RequiredApprovals = 1, ApproverGroups = ["sre"] },
            Verify = new VerifyRecord { Expect = "object_matches", TimeoutSeconds = 42.5 },
            ObservedResourceVersion = "41",
            ExpiresAt = Issued.AddHours(1),
        };
    }

    public static JsonObject Observed() => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "web", ["resourceVersion"] = "41", ["uid"] = "0b5d2c8e-1111-4a2b-9c3d-5e6f7a8b9c0d" },
        ["spec"] = new JsonObject { ["replicas"] = 2 },
    };
}
