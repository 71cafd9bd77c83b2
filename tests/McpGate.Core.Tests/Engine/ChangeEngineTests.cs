using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Proofs;

using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

public sealed class ChangeEngineTests
{
    [Fact]
    public async Task Propose_HoldsChangeForApproval_WithVerifiableProof_AndLeavesClusterUntouched()
    {
        await using var h = await GateHarness.StartAsync();
        await h.Sandbox.WaitForSettledAsync(Testing.Sandbox.SandboxFixture.QuietTimeout);
        var (replicasBefore, versionBefore) = await h.ObserveWebAsync();

        var change = await h.ProposeScaleAsync(4);

        change.State.Should().Be(ChangeState.PendingApproval);
        change.Summary.Should().Be($"demo/web: replicas {replicasBefore} -> 4");
        change.Checks.Select(c => c.Name).Should().Equal("target_exists", "dry_run_accepted", "no_drift", "policy_constraints",
            "gitops_managed", "blast_radius", "pdb_allows", "target_healthy");
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
        await using var h = await GateHarness.StartAsync("""
            rules:
              - name: staging-only
                tools: [scale_deployment]
                namespaces: [staging]
                effect: allow
                approval: { count: 1 }
            """);

        var change = await h.ProposeScaleAsync(3);

        change.State.Should().Be(ChangeState.Denied);
        change.Policy!.Rule.Should().Be("default-deny");
        change.Outcome.Should().Contain("default-deny");
    }

    [Fact]
    public async Task Propose_DeniesWrite_WhenConstraintFails_NamingTheRule()
    {
        await using var h = await GateHarness.StartAsync();

        var change = await h.ProposeScaleAsync(50);

        change.State.Should().Be(ChangeState.Denied);
        change.Checks.Single(c => c.Name == "policy_constraints").Passed.Should().BeFalse();
        change.Outcome.Should().Contain("replicas").And.Contain("demo-scaling");
    }

    [Fact]
    public async Task Execute_WritesOnceAndVerifies_OnlyAfterQuorumOfDistinctApprovers()
    {
        await using var h = await GateHarness.StartAsync(GateHarness.DefaultPolicy.Replace("count: 1", "count: 2"));
        var change = await h.ProposeScaleAsync(4);

        var first = await h.SubmitAsync(change.Id, "alice");
        first.Tally.Accepted.Should().ContainSingle();
        first.Tally.QuorumMet.Should().BeFalse();
        var duplicate = () => h.SubmitAsync(change.Id, "alice");
        (await duplicate.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain("alice already approved");
        await h.Engine.ProcessAsync();
        (await h.ObserveWebAsync()).Replicas.Should().Be(2, "one approval of two executes nothing");
        var partial = await h.Engine.GetChangeAsync(change.Id);
        partial!.State.Should().Be(ChangeState.PendingApproval);
        partial.Approvals.Select(a => a.Identity).Should().Equal(["alice"], "approvals short of the quorum are visible");

        var second = await h.SubmitAsync(change.Id, "bob");
        second.Tally.QuorumMet.Should().BeTrue();
        second.Change.State.Should().Be(ChangeState.PendingApproval, "only the engine moves a change on, with its own policy");
        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        final.Approvals.Select(a => a.Identity).Should().Equal("alice", "bob");
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
        (await h.EventTypesAsync(change.Id)).Should().Equal(
            "proposed", "proven", "pending_approval", LedgerEvents.ApprovalSubmitted, LedgerEvents.ApprovalsCounted,
            LedgerEvents.ApprovalSubmitted, "approved", "executing", "executed", "verifying", "verified");
        (await h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("alice", "alice", "requested this change")]
    [InlineData("agent", "carol", "not in any of the groups")]
    public async Task Submit_IsRefused_ForRequesterOrWrongGroup(string requester, string approver, string expected)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4, requester);

        var submit = () => h.SubmitAsync(change.Id, approver);

        (await submit.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain(expected);
        (await h.EventTypesAsync(change.Id)).Should().NotContain(LedgerEvents.ApprovalSubmitted, "a refused approval records nothing");
    }

    [Fact]
    public async Task Execute_Fails_WhenTargetChangedAfterProof_AndDoesNotWrite()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.TouchWebAsync();
        var (_, versionAfterTouch) = await h.ObserveWebAsync();

        await h.SubmitAsync(change.Id, "alice");
        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be($"not executed: the target drifted since the proof (resourceVersion {change.ObservedResourceVersion} -> {versionAfterTouch}); propose the change again");
        (await h.ObserveWebAsync()).Should().Be((2, versionAfterTouch), "a drifted change must not be written");
    }

    [Fact]
    public async Task Pending_Expires_AfterApprovalExpiry_AndCannotBeApproved()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);

        h.Clock.Advance(TimeSpan.FromHours(2));
        await h.Engine.ProcessAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Expired);
        var submit = () => h.SubmitAsync(change.Id, "alice");
        (await submit.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain("expired");
    }

    [Fact]
    public async Task Deny_RejectsChange_AndLaterApprovalIsRefused()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);

        await h.SubmitAsync(change.Id, "bob", ApprovalDecision.Reject);

        var approve = () => h.SubmitAsync(change.Id, "alice");
        (await approve.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain("already rejected by bob");
        var final = await h.ProcessUntilFinalAsync(change.Id);
        final.State.Should().Be(ChangeState.Rejected);
        final.Outcome.Should().Contain("rejected by bob");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Recover_Executing_WritesOnce_WhenTargetIsUnchanged()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await SimulateCrashAfterClaimAsync(h, change.Id);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    [Fact]
    public async Task Recover_Executing_RecordsWithoutWriting_WhenClusterAlreadyHoldsTheChange()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await SimulateCrashAfterClaimAsync(h, change.Id);
        var written = await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), change.ObservedResourceVersion, dryRun: false);
        var generation = written["metadata"]!["generation"]!.GetValue<long>();

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "executed").PayloadJson.Should().Contain("\"reconciled\":true");
        var web = await h.Cluster.GetAsync(GateHarness.Web);
        web!["metadata"]!["generation"]!.GetValue<long>().Should().Be(generation, "the engine recorded the write it found and made none of its own");
    }

    [Fact]
    public async Task Recover_Executing_DoesNotWrite_WhenTheProofExpiredMeanwhile()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await SimulateCrashAfterClaimAsync(h, change.Id);
        h.Clock.Advance(TimeSpan.FromDays(3));

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("expired");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Theory]
    [InlineData("patch")]
    [InlineData("requiredApprovals")]
    [InlineData("requester")]
    [InlineData("policy")]
    [InlineData("verify")]
    public async Task Execute_Refuses_AChangeWhoseStoredDocumentNoLongerMatchesItsProof(string field)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.TamperDocumentAsync(change.Id, c => field switch
        {
            "patch" => c with { Patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 19 } } },
            "requiredApprovals" => c with { Policy = c.Policy! with { RequiredApprovals = 0 } },
            "policy" => c with { Policy = c.Policy! with { Rule = "emergency-override", Reason = "approved by the CTO" } },
            "verify" => c with { Verify = null },
            _ => c with { Requester = "someone-else" },
        });

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("does not match its signed proof").And.Contain(field);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2, "an edited change record must never run");
    }

    [Fact]
    public async Task Submit_IsRefused_WhenTheStoredDocumentWasEdited()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.TamperDocumentAsync(change.Id, c => c with { Summary = "demo/web: harmless", Patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 0 } } });

        var submit = () => h.SubmitAsync(change.Id, "alice");

        (await submit.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain("does not match its signed proof");
    }

    [Fact]
    public async Task Engine_RefusesToStart_WhenTheGateKeyIsAnApprover()
    {
        await using var h = await GateHarness.StartAsync();
        var policy = h.Policy with
        {
            Approvers = [.. h.Policy.Approvers, new McpGate.Core.Policy.Approver { Identity = "gate", Groups = ["sre"], PublicKey = h.Engine.GatePublicKey.ToString() }],
        };

        var create = () => h.CreateEngine(policy);

        create.Should().Throw<ArgumentException>().WithMessage("*gate's own public key*");
    }

    [Fact]
    public async Task Approved_WaitsOutAFreezeWindow_ThenExecutes()
    {
        await using var h = await GateHarness.StartAsync(GateHarness.DefaultPolicy + "\ndefaults: { approvalExpiry: 4h }");
        var change = await h.ProposeScaleAsync(4);
        var now = h.Clock.GetUtcNow();
        var from = now.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var to = now.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var frozen = h.PolicyWith(GateHarness.DefaultPolicy + "\ndefaults: { approvalExpiry: 4h }\nfreezeWindows:\n"
            + $"  - {{ name: launch, from: '{from}', to: '{to}' }}\n");
        await using var engine = h.CreateEngine(frozen);
        await h.SubmitAsync(change.Id, "alice");

        await engine.ProcessAsync();
        await engine.WhenIdleAsync();

        (await engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Waiting, "an approved change waits, visibly, while a freeze window covers it");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);

        h.Clock.Advance(TimeSpan.FromHours(2));
        await engine.ProcessAsync();
        var final = await engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);

        final!.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    [Fact]
    public async Task Submit_CountsWithTheCurrentPolicy_WhenItNeedsMoreApprovalsThanTheProof()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var stricter = h.PolicyWith(GateHarness.DefaultPolicy.Replace("count: 1", "count: 2"));
        await using var engine = h.CreateEngine(stricter);

        var outcome = await new ApprovalSubmitter(h.Ledger, stricter, h.Engine.GatePublicKey, h.Clock).SubmitAsync(change.Id, ApprovalDecision.Approve, h.Key("alice"), null);
        await engine.ProcessAsync();

        outcome.Tally.Required.Should().Be(2, "the proof said 1, the policy now says 2: the stricter wins");
        (await engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
    }

    [Fact]
    public async Task Process_ClosesAProposalInterruptedMidway()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var stuck = change with { Id = ChangeId.New().Value, State = ChangeState.Proven };
        await h.Ledger.CreateChangeAsync(stuck.Id, ChangeState.Proven, ChangeJson.Serialize(stuck), "proven", new JsonObject());

        await h.Engine.ProcessAsync();
        (await h.Engine.GetChangeAsync(stuck.Id))!.State.Should().Be(ChangeState.Proven, "a proposal in progress is left alone");

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.Engine.ProcessAsync();

        var closed = await h.Engine.GetChangeAsync(stuck.Id);
        closed!.State.Should().Be(ChangeState.Failed);
        closed.Outcome.Should().Contain("interrupted while being proposed");
    }

    /// <summary>The engine approved and claimed the change (approved -> executing) and died before writing.</summary>
    private static async Task SimulateCrashAfterClaimAsync(GateHarness h, string changeId)
    {
        await h.ForceStateAsync(changeId, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(changeId, ChangeState.Approved, ChangeState.Executing);
    }
}
