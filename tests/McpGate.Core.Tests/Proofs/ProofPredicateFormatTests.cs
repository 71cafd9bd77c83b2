using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Crypto;
using McpGate.Core.Operations;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Proofs;

/// <summary>
/// The proof predicate as one typed record: the bytes it is signed as are the bytes proofs have always
/// had, a multi-step request survives the round trip, and every member the format requires is named
/// when it is missing.
/// </summary>
public sealed class ProofPredicateFormatTests : IDisposable
{
    /// <summary>The statement the hand-built predicate of the previous version signed for <see cref="MultiStepChange"/>.</summary>
    private const string MultiStepPayload =
        """
        {"_type":"https://in-toto.io/Statement/v1","predicate":{"changeRequest":{"arguments":{"manifest":"kind: ConfigMap","timeout":1.5},"cluster":"sandbox","clusterIdentity":{"certificateDigest":null,"certificateSource":"none","id":"endpoint:1bdc2054a7412a7340f900e7a3915a92","kubeSystemUid":null,"server":"http://127.0.0.1:8080"},"createdAt":"2026-01-15T09:59:00.0000000+00:00","id":"chg-multistep2345","reason":"roll back the flag rollout","requester":"agent","rollbackOf":"chg-abcdefgh2345","tool":"apply_manifest"},"checks":[{"detail":"found","evidenceDigest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","name":"target_exists","status":"pass"},{"detail":"managed by Argo CD","evidenceDigest":null,"name":"gitops_managed","status":"warn"},{"detail":"budget web-pdb allows 0","evidenceDigest":null,"name":"pdb_allows","status":"fail"}],"dryRun":{"accepted":true,"diff":[{"from":"nginx:1.26","path":"spec.template.spec.containers[name=web].image","to":"nginx:1.27"},{"from":null,"path":"metadata.annotations[\"example.com/owner\"]","to":"team-a"}],"resultDigest":"sha256:f5ca79005a58c5044048cf8b9e28058a689ddc434db150d7f72c5c5e2a674676"},"expiresAt":"2026-01-15T11:00:00.0000000+00:00","issuedAt":"2026-01-15T10:00:00.0000000+00:00","observed":{"digest":"sha256:bb38f9d171d0f60266dd4abcc94a911cb1755b97d85b0dcdd513ce0517dfcf16","resourceVersion":"41"},"patch":{"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.27","name":"web"}]}}}},"policy":{"allowed":true,"approverGroups":["sre"],"reason":"allowed","requiredApprovals":1,"rule":"staging-writes"},"releaseScore":36,"request":{"action":"apply_manifest","inverse":[{"body":[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.26"}],"patchType":"json","precondition":{"absent":false},"target":{"group":"apps","name":"web","namespace":"demo","resource":"deployments","version":"v1"},"verb":"patch"},{"precondition":{"absent":false},"propagation":"background","target":{"group":"","name":"web-flags","namespace":"demo","resource":"configmaps","version":"v1"},"verb":"delete"}],"steps":[{"body":{"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.27","name":"web"}]}}}},"patchType":"strategic_merge","precondition":{"absent":false,"resourceVersion":"41","uid":"0b5d2c8e-1111-4a2b-9c3d-5e6f7a8b9c0d"},"target":{"group":"apps","name":"web","namespace":"demo","resource":"deployments","version":"v1"},"verb":"patch"},{"body":{"apiVersion":"v1","data":{"beta":"on"},"kind":"ConfigMap","metadata":{"name":"web-flags","namespace":"demo"}},"precondition":{"absent":true},"target":{"group":"","name":"web-flags","namespace":"demo","resource":"configmaps","version":"v1"},"verb":"create"},{"precondition":{"absent":false,"resourceVersion":"77","uid":"9a8b7c6d-2222-4e5f-8a9b-0c1d2e3f4a5b"},"propagation":"foreground","target":{"group":"","name":"web-7d4b9c-x2x7q","namespace":"demo","resource":"pods","version":"v1"},"verb":"delete"}]},"target":{"group":"apps","name":"web","namespace":"demo","resource":"deployments","version":"v1"},"verify":{"expect":"object_matches","timeoutSeconds":42.5}},"predicateType":"https://mcpgate.dev/attestations/change-proof/v1","subject":[{"digest":{"sha256":"bb38f9d171d0f60266dd4abcc94a911cb1755b97d85b0dcdd513ce0517dfcf16"},"name":"k8s://sandbox/apis/apps/v1/namespaces/demo/deployments/web"}]}
        """;

    /// <summary>The same for a document made before requests were signed: no request, no verify, no rollback, a cluster-scoped target, an observed object without a resourceVersion.</summary>
    private const string LegacyShapedPayload =
        """
        {"_type":"https://in-toto.io/Statement/v1","predicate":{"changeRequest":{"arguments":{"manifest":"kind: ConfigMap","timeout":1.5},"cluster":"sandbox","clusterIdentity":{"certificateDigest":"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","certificateSource":"ca-bundle","id":"uid:5f0c2a44-8f1e-4b1e-9a7d-0d6a3c1b2e4f","kubeSystemUid":"5f0c2a44-8f1e-4b1e-9a7d-0d6a3c1b2e4f","server":"https://127.0.0.1:6443"},"createdAt":"2026-01-15T09:59:00.0000000+00:00","id":"chg-multistep2345","reason":"roll back the flag rollout","requester":"agent","rollbackOf":null,"tool":"apply_manifest"},"checks":[],"dryRun":{"accepted":true,"diff":[],"resultDigest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"expiresAt":"2026-01-15T13:00:00.0000000+02:00","issuedAt":"2026-01-15T10:00:00.1234567+00:00","observed":{"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","resourceVersion":null},"patch":{"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.27","name":"web"}]}}}},"policy":{"allowed":true,"approverGroups":[],"reason":"allowed","requiredApprovals":0,"rule":"staging-writes"},"releaseScore":0,"request":{"action":"scale","inverse":[],"noInverseReason":"proven before proofs named an inverse","steps":[{"body":{"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.27","name":"web"}]}}}},"patchType":"merge","precondition":{"absent":false},"target":{"group":"apps","name":"web","resource":"deployments","version":"v1"},"verb":"patch"}]},"target":{"group":"apps","name":"web","namespace":null,"resource":"deployments","version":"v1"},"verify":null},"predicateType":"https://mcpgate.dev/attestations/change-proof/v1","subject":[{"digest":{"sha256":"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"name":"k8s://sandbox/apis/apps/v1/deployments/web"}]}
        """;

    private readonly Ed25519PrivateKey _gate = Ed25519PrivateKey.Generate();

    [Fact]
    public void Build_MultiStepChange_SignsTheBytesThePreviousFormatSigned()
    {
        var proof = Prove(MultiStepChange.Change());

        Encoding.UTF8.GetString(proof.Envelope.Payload).Should().Be(MultiStepPayload);
    }

    [Fact]
    public void Build_ChangeWithoutRequestOrVerify_SignsTheBytesThePreviousFormatSigned()
    {
        var change = MultiStepChange.Change() with
        {
            Request = null,
            Verify = null,
            RollbackOf = null,
            Target = MultiStepChange.Deployment with { Namespace = null },
            ClusterIdentity = ClusterIdentity.Create("https://127.0.0.1:6443", "sha256:" + new string('c', 64), ClusterIdentity.CaBundle, "5f0c2a44-8f1e-4b1e-9a7d-0d6a3c1b2e4f"),
            Checks = [],
            Diff = [],
        };

        var proof = ProofBuilder.Build(new ProofInput
        {
            Change = change,
            Observed = [],
            DryRunResult = [],
            Checks = [],
            Policy = change.Policy! with { ApproverGroups = [], RequiredApprovals = 0 },
            IssuedAt = MultiStepChange.Issued.AddTicks(1234567),
            ExpiresAt = MultiStepChange.Issued.ToOffset(TimeSpan.FromHours(2)).AddHours(1),
        }, _gate);

        Encoding.UTF8.GetString(proof.Envelope.Payload).Should().Be(LegacyShapedPayload);
    }

    [Fact]
    public void FromStatement_MultiStepProof_GivesBackEveryStepAndTheInverseAsSigned()
    {
        var change = MultiStepChange.Change();
        var proof = Prove(change);
        var signed = change with { ProofEnvelope = proof.Envelope.ToJson(), ProofDigest = proof.Digest.ToString() };

        var (claims, digest, failure) = ProofCheck.Verify(signed, _gate.PublicKey);

        failure.Should().BeNull();
        digest.Should().Be(proof.Digest);
        JsonNode.DeepEquals(OperationsJson.ToJson(claims!.Request), OperationsJson.ToJson(MultiStepChange.Request())).Should().BeTrue();
        claims.Request.Steps.Select(s => (s.Verb, s.PatchType, s.Propagation, s.Precondition.ToString())).Should().Equal(
            (WriteVerb.Patch, PatchType.StrategicMerge, null, "resourceVersion 41, uid 0b5d2c8e-1111-4a2b-9c3d-5e6f7a8b9c0d"),
            (WriteVerb.Create, null, null, "must not exist"),
            (WriteVerb.Delete, null, DeletePropagation.Foreground, "resourceVersion 77, uid 9a8b7c6d-2222-4e5f-8a9b-0c1d2e3f4a5b"));
        claims.Request.Steps.Zip(MultiStepChange.Request().Steps).Should().OnlyContain(p => JsonNode.DeepEquals(p.First.Body, p.Second.Body));
        claims.Request.Inverse.Select(s => (s.Verb, s.Target.Resource)).Should().Equal((WriteVerb.Patch, "deployments"), (WriteVerb.Delete, "configmaps"));
        JsonNode.DeepEquals(claims.Request.Inverse[0].Body, MultiStepChange.Request().Inverse[0].Body).Should().BeTrue();
        claims.RollbackOf.Should().Be("chg-abcdefgh2345");
        claims.ClusterIdentity.Should().Be(MultiStepChange.Cluster);
        claims.ClusterIdentity!.CertificateDigest.Should().BeNull();
        claims.Diff[1].From.Should().BeNull();
        claims.Checks.Select(c => c.Status).Should().Equal(CheckStatus.Pass, CheckStatus.Warn, CheckStatus.Fail);
        claims.VerifyTimeoutSeconds.Should().Be(42.5);
        claims.ExpiresAt.Should().Be(MultiStepChange.Issued.AddHours(1));
        claims.Mismatches(signed).Should().BeEmpty();
    }

    [Fact]
    public void FromStatement_ProofMadeBeforeRequestsAndRollbacks_ReadsTheMergePatchItAlwaysSent()
    {
        var statement = Statement(Prove(MultiStepChange.Change()));
        var predicate = statement["predicate"]!.AsObject();
        predicate.Remove("request").Should().BeTrue();
        predicate["changeRequest"]!.AsObject().Remove("rollbackOf").Should().BeTrue();

        var claims = ProofClaims.FromStatement(statement);

        claims.RollbackOf.Should().BeNull();
        JsonNode.DeepEquals(OperationsJson.ToJson(claims.Request), OperationsJson.ToJson(WriteRequest.Legacy(MultiStepChange.Deployment, MultiStepChange.Change().Patch, "41"))).Should().BeTrue();
        JsonNode.DeepEquals(claims.Request.Steps[0].Body, claims.Patch).Should().BeTrue();
        claims.Request.Steps[0].Body.Should().NotBeSameAs(claims.Patch, "the request's body is a copy");
        claims.Mismatches(MultiStepChange.Change() with { Request = null, RollbackOf = null }).Should().BeEmpty();
        claims.Mismatches(MultiStepChange.Change()).Should().Equal("request", "rollbackOf");
    }

    [Fact]
    public void FromStatement_NullWhereTheFormatAllowsIt_ReadsAsNoneOrEmpty()
    {
        var statement = Statement(Prove(MultiStepChange.Change()));
        var predicate = statement["predicate"]!.AsObject();
        predicate["request"] = null;
        predicate["checks"] = null;
        predicate["dryRun"]!["diff"] = null;
        predicate["policy"]!["approverGroups"] = null;
        predicate["changeRequest"]!["rollbackOf"] = null;

        var claims = ProofClaims.FromStatement(statement);

        claims.Request.Action.Should().Be("scale", "a null request is one made before requests were signed");
        claims.Checks.Should().BeEmpty();
        claims.Diff.Should().BeEmpty();
        claims.ApproverGroups.Should().BeEmpty();
        claims.RollbackOf.Should().BeNull();
    }

    public void Dispose() => _gate.Dispose();

    private static JsonObject Statement(SignedProof proof) => (JsonObject)JsonNode.Parse(proof.Envelope.Payload)!;

    private SignedProof Prove(ChangeDocument change) => ProofBuilder.Build(new ProofInput
    {
        Change = change,
        Observed = MultiStepChange.Observed(),
        DryRunResult = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 2 } },
        Checks = change.Checks,
        Policy = change.Policy!,
        IssuedAt = MultiStepChange.Issued,
        ExpiresAt = MultiStepChange.Issued.AddHours(1),
    }, _gate);
}
