using McpGate.Core.Engine;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Diff;
using McpGate.Core.Proofs;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>The proposal's diff (whole object against the dry run) and the applied-fields check, for scale_deployment on the sandbox.</summary>
public sealed class ChangeEngineDiffTests
{
    [Fact]
    public async Task Propose_Scale_DiffIsTheReplicasAlone_SignedAsBefore()
    {
        await using var h = await GateHarness.StartAsync();
        var (replicasBefore, _) = await h.ObserveWebAsync();

        var change = await h.ProposeScaleAsync(4);

        change.Diff.Select(d => d.ToString()).Should().Equal($"spec.replicas: {replicasBefore} -> 4");
        change.Summary.Should().Be($"demo/web: replicas {replicasBefore} -> 4");
        change.Checks.Single(c => c.Name == "dry_run_accepted").Detail.Should().EndWith("(1 field(s) change)");
        var statement = ProofVerifier.Verify(change.ProofEnvelope!, h.Engine.GatePublicKey, requireSignature: true).Statement!;
        statement["predicate"]!["dryRun"]!["diff"]!.ToJsonString().Should().Be($$"""[{"from":{{replicasBefore}},"path":"spec.replicas","to":4}]""");
        var (claims, _, failure) = ProofCheck.Verify(change, h.Engine.GatePublicKey);
        claims.Should().NotBeNull(failure);
    }

    [Fact]
    public async Task Propose_ScaleToTheSameCount_NothingToChangeAndNothingRecorded()
    {
        await using var h = await GateHarness.StartAsync();
        var (replicasBefore, versionBefore) = await h.ObserveWebAsync();

        // The dry run's server-side noise (resourceVersion, managedFields, timestamps) must not count as a change.
        var act = () => h.ProposeScaleAsync((int)replicasBefore);

        await act.Should().ThrowAsync<NothingToChangeException>().WithMessage("deployments demo/web already is as asked*no approval is needed*");
        (await h.Ledger.ListChangesAsync()).Should().BeEmpty();
        (await h.ObserveWebAsync()).Should().Be((replicasBefore, versionBefore));
    }

    [Fact]
    public async Task Verify_Succeeds_WhenTheReplicasHold_ThoughAnotherFieldChanged()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);
        await h.Cluster.PatchAsync(GateHarness.Web, new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["touched"] = "yes" } },
            ["spec"] = new JsonObject { ["replicas"] = 4 },
        }, null, dryRun: false);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    [Fact]
    public async Task DryRun_OfATemplateChange_DiffsAsTheChangeAlone()
    {
        await using var h = await GateHarness.StartAsync();
        var observed = (await h.Cluster.GetAsync(GateHarness.Web))!;
        var containers = (JsonArray)observed["spec"]!["template"]!["spec"]!["containers"]!.DeepClone();
        containers[0]!["image"] = "nginx:9.9";
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/restartedAt"] = "2026-11-30T12:00:00Z" } },
                    ["spec"] = new JsonObject { ["containers"] = containers },
                },
            },
        };

        var dryRun = await h.Cluster.PatchAsync(GateHarness.Web, patch, observed["metadata"]!["resourceVersion"]!.GetValue<string>(), dryRun: true);

        dryRun["metadata"]!["generation"]!.GetValue<long>().Should().BeGreaterThan(observed["metadata"]!["generation"]!.GetValue<long>(), "a template change bumps generation, which the diff leaves out");
        var name = containers[0]!["name"]!.GetValue<string>();
        ObjectDiff.Compare(observed, dryRun).Select(d => d.Path).Should().Equal(
            "spec.template.metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]",
            $"spec.template.spec.containers[name={name}].image");
        AppliedFields.Hold(patch, dryRun).Should().BeTrue();
        AppliedFields.Hold(patch, observed).Should().BeFalse();
    }
}
