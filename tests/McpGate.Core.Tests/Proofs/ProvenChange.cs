using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Operations;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>A change proposed on demo/web with three checks, two required approvals and a verify step, and its signed proof.</summary>
internal static class ProvenChange
{
    /// <param name="diff">The diff to prove; by default one line, spec.replicas 2 to 4.</param>
    public static (ChangeDocument Change, SignedProof Proof) Create(Ed25519PrivateKey gate, DateTimeOffset issued, ClusterIdentity cluster, IReadOnlyList<DiffLine>? diff = null)
    {
        var target = new ChangeTarget { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };
        diff ??= [new DiffLine { Path = "spec.replicas", From = 2, To = 4 }];
        var change = new ChangeDocument
        {
            Id = "chg-abcdefgh2345",
            Tool = "scale_deployment",
            State = ChangeState.PendingApproval,
            Requester = "agent",
            Reason = "more traffic",
            Cluster = "sandbox",
            ClusterIdentity = cluster,
            Target = target,
            Arguments = new JsonObject { ["name"] = "web", ["replicas"] = 4 },
            Patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } },
            Request = WriteRequest.Legacy(target, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } }, "41"),
            Summary = ChangeSummary.Of(target.ToString(), diff),
            CreatedAt = issued,
            Diff = diff,
            Checks =
            [
                new CheckRecord { Name = "target_exists", Status = CheckStatus.Pass, Detail = "found", EvidenceDigest = "sha256:" + new string('a', 64) },
                new CheckRecord { Name = "dry_run_accepted", Status = CheckStatus.Pass, Detail = "accepted" },
                new CheckRecord { Name = "no_drift", Status = CheckStatus.Fail, Detail = "moved" },
            ],
            Policy = new PolicyRecord { Allowed = true, Rule = "demo-scaling", DecisionReason = DecisionReason.AllowedByRule, Reason = "allowed", RequiredApprovals = 2, ApproverGroups = ["sre", "ops"] },
            Verify = new VerifyRecord { Expect = "rolledOut", TimeoutSeconds = 90 },
            ObservedResourceVersion = "41",
            ExpiresAt = issued.AddHours(1),
        };
        var proof = ProofBuilder.Build(new ProofInput
        {
            Change = change,
            Observed = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = "41" }, ["spec"] = new JsonObject { ["replicas"] = 2 } },
            DryRunResult = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } },
            Checks = change.Checks,
            Policy = change.Policy,
            IssuedAt = issued,
            ExpiresAt = issued.AddHours(1),
        }, gate);
        return (change with { ProofEnvelope = proof.Envelope.ToJson(), ProofDigest = proof.Digest.ToString() }, proof);
    }
}
