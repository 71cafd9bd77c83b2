using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Proofs;

namespace McpGate.Core.Tests.Engine;

public sealed class ChangeEngineTests
{
    [Fact]
    public async Task Propose_HoldsChangeForApproval_WithVerifiableProof_AndLeavesClusterUntouched()
    {
        await using var h = await EngineHarness.StartAsync();
        var (replicasBefore, versionBefore) = await h.ObserveWebAsync();

        var change = await h.ProposeScaleAsync(4);

        change.State.Should().Be("pending_approval");
        change.Summary.Should().Be($"demo/web: replicas {replicasBefore} -> 4");
        change.Checks.Select(c => c.Name).Should().Equal("target_exists", "dry_run_accepted", "no_drift", "policy_constraints");
        change.Checks.Should().OnlyContain(c => c.Passed);
        change.Policy!.Rule.Should().Be("demo-scaling");
        var proof = ProofVerifier.Verify(change.ProofEnvelope!, h.Engine.GatePublicKey, requireSignature: true);
        proof.Succeeded.Should().BeTrue(proof.Failure);
        proof.Digest.ToString().Should().Be(change.ProofDigest);
        proof.Statement!["predicate"]!["observed"]!["resourceVersion"]!.GetValue<string>().Should().Be(versionBefore);
        proof.Statement["subject"]![0]!["name"]!.GetValue<string>().Should().Be("k8s://sandbox/apis/apps/v1/namespaces/demo/deployments/web");
        (await h.ObserveWebAsync()).Should().Be((replicasBefore, versionBefore), "a proposal never writes");
        (await h.EventTypesAsync(change.Id)).Should().Equal("proposed", "proven", "pending_approval");
    }

    [Fact]
    public async Task Propose_DeniesWrite_WhenNoRuleAllowsIt()
    {
        await using var h = await EngineHarness.StartAsync("""
            rules:
              - name: staging-only
                tools: [scale_deployment]
                namespaces: [staging]
                effect: allow
                approval: { count: 1 }
            """);

        var change = await h.ProposeScaleAsync(3);

        change.State.Should().Be("denied");
        change.Policy!.Rule.Should().Be("default-deny");
        change.Outcome.Should().Contain("default-deny");
    }

    [Fact]
    public async Task Propose_DeniesWrite_WhenConstraintFails_NamingTheRule()
    {
        await using var h = await EngineHarness.StartAsync();

        var change = await h.ProposeScaleAsync(50);

        change.State.Should().Be("denied");
        change.Checks.Single(c => c.Name == "policy_constraints").Passed.Should().BeFalse();
        change.Outcome.Should().Contain("replicas").And.Contain("demo-scaling");
    }

    [Fact]
    public async Task Execute_WritesOnceAndVerifies_OnlyAfterQuorumOfDistinctApprovers()
    {
        await using var h = await EngineHarness.StartAsync(EngineHarness.DefaultPolicy.Replace("count: 1", "count: 2"));
        var change = await h.ProposeScaleAsync(4);

        var first = await h.SubmitAsync(change.Id, "alice");
        first.Change.State.Should().Be("pending_approval");
        var duplicate = () => h.SubmitAsync(change.Id, "alice");
        (await duplicate.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain("alice already approved");
        await h.Engine.ProcessAsync();
        (await h.ObserveWebAsync()).Replicas.Should().Be(2, "one approval of two executes nothing");

        var second = await h.SubmitAsync(change.Id, "bob");
        second.Change.State.Should().Be("approved");
        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be("verified", final.Outcome);
        final.Approvals.Select(a => a.Identity).Should().Equal("alice", "bob");
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
        (await h.EventTypesAsync(change.Id)).Should().Equal(
            "proposed", "proven", "pending_approval", LedgerEvents.ApprovalSubmitted, LedgerEvents.ApprovalSubmitted,
            "approved", "executing", "executed", "verifying", "verified");
        (await h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("alice", "alice", "requested change")]
    [InlineData("agent", "carol", "not in any of the groups")]
    public async Task Submit_IsRefused_ForRequesterOrWrongGroup(string requester, string approver, string expected)
    {
        await using var h = await EngineHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4, requester);

        var submit = () => h.SubmitAsync(change.Id, approver);

        (await submit.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain(expected);
        (await h.EventTypesAsync(change.Id)).Should().NotContain(LedgerEvents.ApprovalSubmitted, "a refused approval records nothing");
    }

    [Fact]
    public async Task Execute_Fails_WhenTargetChangedAfterProof_AndDoesNotWrite()
    {
        await using var h = await EngineHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.TouchWebAsync();
        var (_, versionAfterTouch) = await h.ObserveWebAsync();

        await h.SubmitAsync(change.Id, "alice");
        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be("failed");
        final.Outcome.Should().Contain("drifted").And.Contain("propose the change again");
        (await h.ObserveWebAsync()).Should().Be((2, versionAfterTouch), "a drifted change must not be written");
    }

    [Fact]
    public async Task Pending_Expires_AfterApprovalExpiry_AndCannotBeApproved()
    {
        await using var h = await EngineHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);

        h.Clock.Advance(TimeSpan.FromHours(2));
        await h.Engine.ProcessAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be("expired");
        var submit = () => h.SubmitAsync(change.Id, "alice");
        (await submit.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain("expired");
    }

    [Fact]
    public async Task Deny_RejectsChange_AndLaterApprovalIsRefused()
    {
        await using var h = await EngineHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);

        var denied = await h.SubmitAsync(change.Id, "bob", ApprovalDecision.Reject);

        denied.Change.State.Should().Be("rejected");
        denied.Change.Outcome.Should().Contain("rejected by bob");
        var approve = () => h.SubmitAsync(change.Id, "alice");
        (await approve.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain("already rejected");
        await h.Engine.ProcessAsync();
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Recover_Executing_WritesOnce_WhenTargetIsUnchanged()
    {
        await using var h = await EngineHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var approved = (await h.SubmitAsync(change.Id, "alice")).Change;
        await SimulateCrashAfterClaimAsync(h, approved);

        var final = await h.ProcessUntilFinalAsync(change.Id, recover: true);

        final.State.Should().Be("verified", final.Outcome);
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    [Fact]
    public async Task Recover_Executing_RecordsWithoutWriting_WhenClusterAlreadyHoldsTheChange()
    {
        await using var h = await EngineHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var approved = (await h.SubmitAsync(change.Id, "alice")).Change;
        await SimulateCrashAfterClaimAsync(h, approved);
        var written = await h.Cluster.PatchAsync(EngineHarness.Web, (JsonObject)approved.Patch.DeepClone(), approved.ObservedResourceVersion, dryRun: false);
        var generation = written["metadata"]!["generation"]!.GetValue<long>();

        var final = await h.ProcessUntilFinalAsync(change.Id, recover: true);

        final.State.Should().Be("verified", final.Outcome);
        (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "executed").PayloadJson.Should().Contain("\"reconciled\":true");
        var web = await h.Cluster.GetAsync(EngineHarness.Web);
        web!["metadata"]!["generation"]!.GetValue<long>().Should().Be(generation, "the engine recorded the write it found and made none of its own");
    }

    /// <summary>The engine claimed the change (approved -> executing) and died before writing.</summary>
    private static async Task SimulateCrashAfterClaimAsync(EngineHarness h, ChangeDocument approved)
    {
        var executing = approved with { State = "executing" };
        await h.Ledger.TransitionAsync(approved.Id, "approved", "executing", ChangeJson.Serialize(executing), "executing",
            new JsonObject { ["from"] = "approved", ["to"] = "executing" });
    }
}
