using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Engine;
using McpGate.Core.Json;
using McpGate.Core.Manifests;
using McpGate.Core.Proofs;
using McpGate.Kubernetes;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// Gates on different clusters sharing one ledger and gate key, every kubeconfig context called
/// <c>sandbox</c>: a change executes only on the cluster its proof names.
/// </summary>
public sealed class ChangeEngineClusterIdentityTests
{
    [Fact]
    public async Task Propose_SignsTheLiveClusterIdentity_NextToTheContextName()
    {
        await using var h = await GateHarness.StartAsync();
        var live = await h.Cluster.GetIdentityAsync();

        var change = await h.ProposeScaleAsync(4);

        change.ClusterIdentity.Should().Be(live);
        live.KubeSystemUid.Should().NotBeNull("the sandbox has a kube-system namespace");
        live.Id.Should().Be("uid:" + live.KubeSystemUid);
        var request = Statement(change)["predicate"]!["changeRequest"]!;
        request["cluster"]!.GetValue<string>().Should().Be("sandbox");
        request["clusterIdentity"]!["id"]!.GetValue<string>().Should().Be(live.Id);
        request["clusterIdentity"]!["server"]!.GetValue<string>().Should().Be(live.Server);
        request["clusterIdentity"]!["certificateDigest"]!.GetValue<string>().Should().Be(live.CertificateDigest);
        request["clusterIdentity"]!["kubeSystemUid"]!.GetValue<string>().Should().Be(live.KubeSystemUid);
        ProofCheck.Verify(change, h.Engine.GatePublicKey).Claims!.ClusterIdentity.Should().Be(live);
    }

    [Fact]
    public async Task Process_ChangeProvenOnOtherClusterWithSameContextName_NeverWritesIt_AndItsOwnGateExecutesIt()
    {
        await using var a = await GateHarness.StartAsync();
        await using var b = await GateHarness.StartAsync();
        a.Cluster.ClusterName.Should().Be(b.Cluster.ClusterName, "the attack needs two clusters both called sandbox");
        (await a.Cluster.GetIdentityAsync()).Id.Should().NotBe((await b.Cluster.GetIdentityAsync()).Id);
        var change = await b.ProposeScaleAsync(5);
        await b.SubmitAsync(change.Id, "alice");
        await b.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        var aBefore = await SnapshotAsync(a.Cluster);
        var bBefore = await SnapshotAsync(b.Cluster);
        bBefore.ResourceVersion.Should().Be(aBefore.ResourceVersion, "both sandboxes start alike, so a resourceVersion precondition alone would not stop the write");

        await using (var onA = b.CreateEngine(a.Cluster, b.Policy))
        {
            for (var pass = 0; pass < 3; pass++)
            {
                await onA.ProcessAsync();
                await onA.WhenIdleAsync();
            }

            await onA.ExecuteAsync(change.Id, CancellationToken.None);
            await onA.WhenIdleAsync();
        }

        (await SnapshotAsync(a.Cluster)).Should().Be(aBefore, "a change proven on B is never written to A");
        (await b.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Approved, "the wrong gate leaves it for its own gate, it does not fail it");
        (await b.EventTypesAsync(change.Id)).Should().NotContain(["executing", "failed"]);

        var final = await b.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await SnapshotAsync(b.Cluster)).Replicas.Should().Be(5);
        (await SnapshotAsync(a.Cluster)).Should().Be(aBefore);
        (await b.EventTypesAsync(change.Id)).Count(e => e == "executed").Should().Be(1);
    }

    [Fact]
    public async Task Reconcile_InterruptedChangeFromOtherCluster_IsLeftForItsOwnGate()
    {
        await using var a = await GateHarness.StartAsync();
        await using var b = await GateHarness.StartAsync();
        var change = await b.ProposeScaleAsync(6);
        await b.SubmitAsync(change.Id, "alice");
        await b.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await b.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        var aBefore = await SnapshotAsync(a.Cluster);

        await using (var onA = b.CreateEngine(a.Cluster, b.Policy))
        {
            await onA.ProcessAsync();
            await onA.WhenIdleAsync();
            await onA.ReconcileAsync(change.Id, CancellationToken.None);
        }

        (await SnapshotAsync(a.Cluster)).Should().Be(aBefore);
        (await b.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Executing);

        var final = await b.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await SnapshotAsync(b.Cluster)).Replicas.Should().Be(6);
        (await SnapshotAsync(a.Cluster)).Should().Be(aBefore);
    }

    [Fact]
    public async Task Execute_CloneWithSameKubeSystemUidAtOtherEndpoint_IsRefusedNamingBothClusters_AndNotTouched()
    {
        await using var h = await GateHarness.StartAsync();
        await using var clusters = await ClonedClusters.StartAsync();
        var (originalPort, clonePort) = (clusters.OriginalPort, clusters.ClonePort);
        var provenOn = await originalPort.GetIdentityAsync();
        var live = await clonePort.GetIdentityAsync();
        live.Id.Should().Be(provenOn.Id, "a cluster restored from a backup keeps its kube-system uid");
        await using var onOriginal = h.CreateEngine(originalPort, h.Policy);
        var change = await ProposeScaleAsync(h, onOriginal, 7);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        var cloneBefore = await SnapshotAsync(clonePort);
        var originalBefore = await SnapshotAsync(originalPort);

        await using (var onClone = h.CreateEngine(clonePort, h.Policy))
        {
            await onClone.ProcessAsync();
            await onClone.WhenIdleAsync();
        }

        var failed = await h.Engine.GetChangeAsync(change.Id);
        failed!.State.Should().Be(ChangeState.Failed);
        failed.Outcome.Should().Contain(provenOn.Server).And.Contain(live.Server).And.Contain(provenOn.Id)
            .And.Contain("server, certificate differ").And.Contain("the cluster was not touched");
        (await SnapshotAsync(clonePort)).Should().Be(cloneBefore);
        (await SnapshotAsync(originalPort)).Should().Be(originalBefore);
        var entries = await h.Ledger.ReadEntriesAsync(0, change.Id);
        entries.Select(e => e.EventType).Should().EndWith(["executing", "failed"]).And.NotContain("executed");
        entries[^1].PayloadJson.Should().Contain(live.Server);
    }

    /// <summary>
    /// An interrupted execution found by a gate on a clone (same kube-system uid, other endpoint and
    /// certificate): it is failed without reading the target, since whether the write reached the
    /// cluster it was proven on cannot be told from here; neither cluster is written.
    /// </summary>
    [Fact]
    public async Task Reconcile_CloneWithSameKubeSystemUidAtOtherEndpoint_FailsWithoutReadingTheTarget_AndNotTouched()
    {
        await using var h = await GateHarness.StartAsync();
        await using var clusters = await ClonedClusters.StartAsync();
        var (originalPort, clonePort) = (clusters.OriginalPort, clusters.ClonePort);
        var provenOn = await originalPort.GetIdentityAsync();
        var live = await clonePort.GetIdentityAsync();
        await using var onOriginal = h.CreateEngine(originalPort, h.Policy);
        var change = await ProposeScaleAsync(h, onOriginal, 7);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        var cloneBefore = await SnapshotAsync(clonePort);
        var originalBefore = await SnapshotAsync(originalPort);
        clusters.Clone.ResetRequestCounts();

        await using (var onClone = h.CreateEngine(clonePort, h.Policy))
        {
            await EngineRuns.UntilFinalAsync(h, [onClone], [change.Id]);
        }

        var failed = (await h.Engine.GetChangeAsync(change.Id))!;
        failed.State.Should().Be(ChangeState.Failed);
        failed.Outcome.Should().Be($"not reconciled: it was proven on cluster {provenOn}, but this gate is connected to cluster {live} (server, certificate differ); "
            + $"the cluster was not touched; whether the interrupted write took effect is unknown, check {GateHarness.Web} on the cluster it was proven on");
        (await LedgerPayloadTests.PayloadAsync(h, change.Id, "failed"))["reason"]!.GetValue<string>().Should().Be(failed.Outcome);
        clusters.Clone.CountRequests("GET", GateHarness.WebPath).Should().Be(0, "the target on the wrong cluster is not even read");
        clusters.Clone.CountRequests("PATCH", "/").Should().Be(0);
        (await SnapshotAsync(clonePort)).Should().Be(cloneBefore);
        (await SnapshotAsync(originalPort)).Should().Be(originalBefore);
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executed");
    }

    [Fact]
    public async Task Execute_ProofMadeBeforeProofsNamedTheCluster_IsRefused()
    {
        await using var h = await GateHarness.StartAsync();
        var before = await SnapshotAsync(h.Cluster);
        var change = await h.ProposeScaleAsync(8);
        var legacy = Statement(change);
        ((JsonObject)legacy["predicate"]!["changeRequest"]!).Remove("clusterIdentity");
        var payload = CanonicalJson.Serialize(legacy);
        var envelope = DsseSigner.Sign(ProofFormat.PayloadType, payload, h.GateKey);
        await h.TamperDocumentAsync(change.Id, c => c with
        {
            ClusterIdentity = null,
            ProofEnvelope = envelope.ToJson(),
            ProofDigest = Sha256Digest.Compute(payload).ToString(),
        });
        await h.SubmitAsync(change.Id, "alice");

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("made before proofs named the cluster's identity").And.Contain("propose the change again");
        (await SnapshotAsync(h.Cluster)).Should().Be(before);
    }

    public static TheoryData<string, string> Tamperings => new()
    {
        { "document server", "failed" },
        { "document certificate", "failed" },
        { "document kube-system uid", "failed" },
        { "document identity removed", "failed" },
        { "document id of another cluster", "approved" },
        { "payload server, not re-signed", "failed" },
        { "payload identity re-signed with another key", "failed" },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Process_IdentityEditedInStoredChange_IsNeverExecuted(string tampering, string expectedState)
    {
        await using var h = await GateHarness.StartAsync();
        var before = await SnapshotAsync(h.Cluster);
        var change = await h.ProposeScaleAsync(9);
        await h.SubmitAsync(change.Id, "alice");
        var identity = change.ClusterIdentity!;
        using var otherKey = Ed25519PrivateKey.Generate();
        await h.TamperDocumentAsync(change.Id, c => tampering switch
        {
            "document server" => c with { ClusterIdentity = identity with { Server = "https://127.0.0.1:1" } },
            "document certificate" => c with { ClusterIdentity = identity with { CertificateDigest = Sha256Digest.Compute([1, 2, 3]).ToString() } },
            "document kube-system uid" => c with { ClusterIdentity = identity with { KubeSystemUid = "00000000-0000-4000-8000-000000000000" } },
            "document identity removed" => c with { ClusterIdentity = null, Cluster = "sandbox" },
            "document id of another cluster" => c with { ClusterIdentity = identity with { Id = "uid:00000000-0000-4000-8000-000000000000" } },
            "payload server, not re-signed" => c with { ProofEnvelope = EditPayload(c.ProofEnvelope!, null) },
            "payload identity re-signed with another key" => c with { ProofEnvelope = EditPayload(c.ProofEnvelope!, otherKey) },
            _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
        });
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        var after = await h.Engine.GetChangeAsync(change.Id);
        after!.State.ToWire().Should().Be(expectedState, after.Outcome);
        (await SnapshotAsync(h.Cluster)).Should().Be(before);
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executed");
        if (expectedState == "failed")
        {
            after.Outcome.Should().StartWith("not executed:").And.MatchRegex("clusterIdentity|signature");
        }
    }

    private static string EditPayload(string envelopeJson, Ed25519PrivateKey? resignWith)
    {
        var envelope = DsseEnvelope.Parse(envelopeJson);
        var statement = JsonNode.Parse(envelope.Payload)!.AsObject();
        statement["predicate"]!["changeRequest"]!["clusterIdentity"]!["server"] = "https://127.0.0.1:1";
        var payload = CanonicalJson.Serialize(statement);
        if (resignWith is not null)
        {
            return DsseSigner.Sign(ProofFormat.PayloadType, payload, resignWith).ToJson();
        }

        var node = JsonNode.Parse(envelopeJson)!.AsObject();
        node["payload"] = Convert.ToBase64String(payload);
        return node.ToJsonString();
    }

    private static JsonObject Statement(ChangeDocument change) =>
        JsonNode.Parse(DsseEnvelope.Parse(change.ProofEnvelope!).Payload)!.AsObject();

    private static Task<ChangeDocument> ProposeScaleAsync(GateHarness h, ChangeEngine engine, int replicas)
    {
        var tool = h.Manifests.Find("scale_deployment")!;
        var arguments = ArgumentBinder.Bind(tool, new Dictionary<string, JsonElement>
        {
            ["namespace"] = JsonSerializer.SerializeToElement("demo"),
            ["name"] = JsonSerializer.SerializeToElement("web"),
            ["replicas"] = JsonSerializer.SerializeToElement(replicas),
            ["reason"] = JsonSerializer.SerializeToElement("identity test"),
        });
        return engine.ProposeAsync(tool, arguments, "agent");
    }

    private static async Task<(long Replicas, long Generation, string ResourceVersion)> SnapshotAsync(KubernetesClusterPort cluster)
    {
        var web = await cluster.GetAsync(GateHarness.Web) ?? throw new InvalidOperationException("demo/web is gone");
        return (web["spec"]!["replicas"]!.GetValue<long>(), web["metadata"]!["generation"]!.GetValue<long>(), web["metadata"]!["resourceVersion"]!.GetValue<string>());
    }
}
