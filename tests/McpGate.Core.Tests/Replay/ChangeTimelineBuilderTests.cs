using System.Text.Json;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Operations;
using McpGate.Core.Policy;
using McpGate.Core.Replay;
using McpGate.Core.Tests.Engine;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Replay;

/// <summary>The timeline of real changes on the sandbox, built from a real SQLite ledger's entries.</summary>
public sealed class ChangeTimelineBuilderTests
{
    internal static ChangeTimelineBuilder Builder(GateHarness h) => new(h.Policy, h.Engine.GatePublicKey, h.Clock);

    [Fact]
    public async Task Build_VerifiedChange_TellsEveryStepFromTheLedger()
    {
        await using var h = await GateHarness.StartAsync();
        var before = await h.ObserveWebAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        (await h.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.Verified);
        var after = await h.ObserveWebAsync();

        var t = (await Builder(h).BuildAsync(h.Ledger, change.Id))!;

        var entries = await h.Ledger.ReadEntriesAsync(0, change.Id);
        t.State.Should().Be(ChangeState.Verified);
        t.RowState.Should().Be(ChangeState.Verified);
        t.RowDisagrees.Should().BeNull();
        t.Steps.Select(s => s.Event).Should().Equal(entries.Select(e => e.EventType));
        t.Steps.Select(s => s.Event).Should().Equal("proposed", "proven", "pending_approval", "approval_submitted", "approved", "executing", "executed", "verifying", "verified");
        t.Steps.Select(s => s.EntryHash).Should().Equal(entries.Select(e => e.EntryHash.ToString()));
        t.Steps[0].AfterPreviousMs.Should().BeNull();
        for (var i = 1; i < t.Steps.Count; i++)
        {
            t.Steps[i].AfterPreviousMs.Should().Be((long)(entries[i].Time - entries[i - 1].Time).TotalMilliseconds);
            t.Steps[i].SinceStartMs.Should().Be((long)(entries[i].Time - entries[0].Time).TotalMilliseconds);
        }

        t.DurationMs.Should().Be((long)(entries[^1].Time - entries[0].Time).TotalMilliseconds);
        t.Steps.Should().OnlyContain(s => !s.Payload.ContainsKey("envelope"), "the signed envelopes are checked, not repeated");
        t.Requester.Should().Be("agent");
        t.Reason.Should().Be("engine test");
        t.Tool.Should().Be("scale_deployment");
        t.Arguments!["replicas"]!.GetValue<int>().Should().Be(4);
        t.Proof.Verified.Should().BeTrue(t.Proof.Failure);
        t.Proof.Digest.Should().Be(change.ProofDigest);
        t.Proof.ObservedResourceVersion.Should().Be(before.ResourceVersion);
        t.Proof.ObservedDigest.Should().StartWith("sha256:");
        t.Proof.Checks.Select(c => c.Name).Should().Equal(change.Checks.Select(c => c.Name));
        t.Policy!.Allowed.Should().BeTrue();
        t.Policy.Rule.Should().Be("demo-scaling");
        t.Policy.DecisionReason.Should().Be(DecisionReason.AllowedByRule);
        t.Policy.RequiredApprovals.Should().Be(1);
        var approval = t.Approvals.Should().ContainSingle().Subject;
        approval.Identity.Should().Be("alice");
        approval.Decision.Should().Be(ApprovalDecision.Approve);
        approval.SignatureVerified.Should().BeTrue(approval.Failure);
        approval.Comment.Should().Be("approve by alice");
        approval.Sequence.Should().Be(entries.Single(e => e.EventType == "approval_submitted").Sequence);
        var write = t.Requests.Should().ContainSingle().Subject;
        write.Verb.Should().Be(WriteVerb.Patch);
        write.Precondition.ResourceVersion.Should().Be(before.ResourceVersion);
        write.Body!["spec"]!["replicas"]!.GetValue<int>().Should().Be(4);
        t.Diff.Should().ContainSingle(d => d.Path == "spec.replicas");
        var executed = System.Text.Json.Nodes.JsonNode.Parse(entries.Single(e => e.EventType == "executed").PayloadJson)!;
        t.Execution!.ResultResourceVersion.Should().Be(executed["resourceVersion"]!.GetValue<string>()).And.NotBe(before.ResourceVersion);
        long.Parse(t.Execution.ResultResourceVersion!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeLessThanOrEqualTo(long.Parse(after.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), "the write came before the rollout's own updates");
        t.Execution.Claim!["instance"]!.GetValue<string>().Should().Be(h.Engine.Instance.InstanceId);
        t.Execution.Reconciled.Should().BeFalse();
        t.Verification!.Result.Should().Be("verified");
        t.Verification.Expect.Should().Be("rollout_complete");
        t.Verification.Evidence!.Select(f => f!["name"]!.GetValue<string>()).Should().Contain("readyReplicas");
        t.Cancellation.Should().BeNull();
        t.Waiting.Should().BeEmpty();
        t.ClaimsTakenOver.Should().BeEmpty();
    }

    [Fact]
    public async Task Build_RejectedChange_ShowsTheSignedRejectionAndNoExecution()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "bob", ApprovalDecision.Reject);
        (await h.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.Rejected);

        var t = (await Builder(h).BuildAsync(h.Ledger, change.Id))!;

        t.State.Should().Be(ChangeState.Rejected);
        t.RowDisagrees.Should().BeNull();
        var rejection = t.Approvals.Should().ContainSingle().Subject;
        (rejection.Identity, rejection.Decision, rejection.SignatureVerified, rejection.Comment).Should().Be(("bob", "reject", true, "reject by bob"));
        t.Steps.Select(s => s.Event).Should().EndWith(["approval_submitted", "rejected"]);
        t.Steps[^1].Payload["by"]!.GetValue<string>().Should().Be("bob");
        t.Execution.Should().BeNull();
        t.Verification.Should().BeNull();
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Build_WaitingThenCancelled_ShowsTheFreezeAndTheSignedCancel()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var now = h.Clock.GetUtcNow();
        var frozen = GateHarness.DefaultPolicy + "\nfreezeWindows:\n"
            + $"  - {{ name: launch, from: '{now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}', to: '{now.AddMinutes(10):yyyy-MM-ddTHH:mm:ssZ}' }}\n";
        await using var engine = h.CreateEngine(h.PolicyWith(frozen));
        await h.SubmitAsync(change.Id, "alice");
        await engine.ProcessAsync();
        await engine.WhenIdleAsync();
        (await engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Waiting);
        await new ChangeCanceller(h.Ledger, h.Policy, h.Engine.GatePublicKey, h.Clock).CancelAsync(change.Id, h.Key("bob"), "launch moved");

        var t = (await Builder(h).BuildAsync(h.Ledger, change.Id))!;

        t.State.Should().Be(ChangeState.Cancelled);
        var wait = t.Waiting.Should().ContainSingle().Subject;
        wait.Rule.Should().Be("freeze:launch");
        wait.Until.Should().NotBeNull();
        wait.Since.Should().Be(t.Steps.Single(s => s.Event == "waiting").At);
        var cancel = t.Cancellation!;
        (cancel.Identity, cancel.Decision, cancel.SignatureVerified, cancel.Comment).Should().Be(("bob", "cancel", true, "launch moved"));
        cancel.Sequence.Should().Be(t.Steps[^1].Sequence);
        t.Steps.Select(s => s.Event).Should().ContainInOrder("approved", "waiting", "cancelled").And.NotContain("executing");
        t.Steps[^1].Payload.ContainsKey("envelope").Should().BeFalse();
        t.Steps[^1].Payload["reason"]!.GetValue<string>().Should().Be("launch moved");
        t.Execution.Should().BeNull();
    }

    [Fact]
    public async Task Build_VerificationFailed_ShowsWhatTheProbeObserved()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);
        (await h.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.VerificationFailed);

        var t = (await Builder(h).BuildAsync(h.Ledger, change.Id))!;

        t.State.Should().Be(ChangeState.VerificationFailed);
        t.Verification!.Result.Should().Be("verification_failed");
        t.Verification.Detail.Should().Be("the target no longer holds the change: something else changed it after the write");
        t.Verification.Confidence.Should().Be("high");
        t.Verification.Evidence!.Should().Contain(f => f!["name"]!.GetValue<string>() == "desiredReplicas" && f["value"]!.GetValue<string>() == "2");
        t.ClaimsTakenOver.Should().ContainSingle("recovery took the unclaimed executed change").Which.Claim!["instance"]!.GetValue<string>().Should().Be(h.Engine.Instance.InstanceId);
        t.Execution!.ResultResourceVersion.Should().BeNull("no write was recorded: the entries were forced");
        t.RowDisagrees.Should().MatchRegex(@"^entry \d+: approved with 0 verified approval\(s\); its proof requires 1$", "ledger verify's replay finds the approval the harness forced unproven");
    }

    [Fact]
    public async Task Build_UnknownChange_IsNull()
    {
        await using var h = await GateHarness.StartAsync();

        (await Builder(h).BuildAsync(h.Ledger, "chg-aaaaaaaaaaaa")).Should().BeNull();
    }

    [Fact]
    public async Task Build_SerializesWithChangeJson_StatesAsSnakeCaseAndNoNulls()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);

        var t = (await Builder(h).BuildAsync(h.Ledger, change.Id))!;
        var json = JsonSerializer.SerializeToNode(t, ChangeJson.Options)!;

        json["state"]!.GetValue<string>().Should().Be("pending_approval");
        json["rowState"]!.GetValue<string>().Should().Be("pending_approval");
        json["policy"]!["decisionReason"]!.GetValue<string>().Should().Be("allowed_by_rule");
        json["requests"]![0]!["verb"]!.GetValue<string>().Should().Be("patch");
        json.AsObject().ContainsKey("execution").Should().BeFalse();
        json.AsObject().ContainsKey("rowDisagrees").Should().BeFalse();
        json.ToJsonString().Should().NotContain("\"envelope\"").And.NotContain("proofEnvelope");
    }
}
