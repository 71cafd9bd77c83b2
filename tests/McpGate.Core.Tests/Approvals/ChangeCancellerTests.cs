using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Proofs;
using McpGate.Core.Tests.Engine;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Approvals;

/// <summary>An approver's signed cancel: stops a change up to the moment execution starts, never after.</summary>
public sealed class ChangeCancellerTests
{
    private static ChangeCanceller Canceller(GateHarness h) => new(h.Ledger, h.Policy, h.Engine.GatePublicKey, h.Clock);

    private static string Frozen(GateHarness h, TimeSpan until)
    {
        var now = h.Clock.GetUtcNow();
        return GateHarness.DefaultPolicy + "\nfreezeWindows:\n"
            + $"  - {{ name: launch, from: '{now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}', to: '{now.Add(until):yyyy-MM-ddTHH:mm:ssZ}' }}\n";
    }

    [Fact]
    public async Task Cancel_PendingApproval_EndsItAndRecordsTheSignedCancel()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);

        var cancelled = await Canceller(h).CancelAsync(change.Id, h.Key("carol"), "wrong deployment");
        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        cancelled.State.Should().Be(ChangeState.Cancelled);
        var stored = (await h.Engine.GetChangeAsync(change.Id))!;
        stored.State.Should().Be(ChangeState.Cancelled);
        stored.Cancellation!.Identity.Should().Be("carol", "any approver may stop a change, whatever groups it needs");
        stored.Outcome.Should().Be("cancelled by carol before execution: wrong deployment; nothing was changed");
        var entry = (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "cancelled");
        var payload = JsonNode.Parse(entry.PayloadJson)!;
        payload["from"]!.GetValue<string>().Should().Be("pending_approval");
        var (claims, digest, _) = ProofCheck.Verify(stored, h.Engine.GatePublicKey);
        var verification = ApprovalVerifier.Verify(payload["envelope"]!.GetValue<string>(), change.Id, digest, TrustedApprovers.FromPolicy(h.Policy), [ApprovalDecision.Cancel]);
        claims.Should().NotBeNull();
        verification.Succeeded.Should().BeTrue(verification.Failure);
        verification.Approver!.Identity.Should().Be("carol");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Cancel_WaitingForAFreeze_NeverRunsAfterTheWindowEnds()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await using var engine = h.CreateEngine(h.PolicyWith(Frozen(h, TimeSpan.FromMinutes(10))));
        await h.SubmitAsync(change.Id, "alice");
        await engine.ProcessAsync();
        await engine.WhenIdleAsync();
        (await engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Waiting);

        await Canceller(h).CancelAsync(change.Id, h.Key("bob"), "launch moved");
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        await engine.ProcessAsync();
        await engine.WhenIdleAsync();

        var final = (await engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Cancelled);
        final.Waiting.Should().BeNull();
        (await h.EventTypesAsync(change.Id)).Should().ContainInOrder("approved", "waiting", "cancelled").And.NotContain("executing");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Cancel_Approved_BeforeAnyGateTakesItUp_Holds()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);

        await Canceller(h).CancelAsync(change.Id, h.Key("alice"), "changed my mind");
        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Cancelled);
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executing");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    public static TheoryData<ChangeState, string> TooLate => new()
    {
        { ChangeState.Executing, "is executing: execution started at " },
        { ChangeState.Verifying, "is verifying: execution started at " },
        { ChangeState.Failed, "already ran and ended failed" },
        { ChangeState.Rejected, "already ended rejected" },
        { ChangeState.Expired, "already ended expired" },
    };

    [Theory]
    [MemberData(nameof(TooLate))]
    public async Task Cancel_OnceExecutionStartedOrTheChangeEnded_IsRefusedAndChangesNothing(ChangeState state, string expected)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, state);
        var before = await h.EventTypesAsync(change.Id);

        var cancel = () => Canceller(h).CancelAsync(change.Id, h.Key("alice"), "too late");

        (await cancel.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain(expected);
        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(state);
        (await h.EventTypesAsync(change.Id)).Should().Equal(before);
    }

    [Fact]
    public async Task Cancel_AVerifiedChange_IsRefused_AndTheClusterKeepsIt()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        (await h.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.Verified);

        var cancel = () => Canceller(h).CancelAsync(change.Id, h.Key("bob"), "too late");

        (await cancel.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain("already ran and ended verified");
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    [Fact]
    public async Task Cancel_WithAKeyNoApproverHolds_IsRefused()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        using var stranger = Ed25519PrivateKey.Generate();

        var cancel = () => Canceller(h).CancelAsync(change.Id, stranger, "not mine");

        (await cancel.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().StartWith("this key (").And.Contain("is not an approver in the policy");
        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
    }

    [Theory]
    [InlineData("stop\u202Ethis")]
    [InlineData("line\nbreak")]
    [InlineData("bell\u0007")]
    public async Task Cancel_WithAReasonCarryingControlCharacters_IsRefused(string reason)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);

        var cancel = () => Canceller(h).CancelAsync(change.Id, h.Key("alice"), reason);

        await cancel.Should().ThrowAsync<ApprovalRefusedException>();
        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
    }

    [Fact]
    public async Task CancelRacingExecution_EndsExactlyOneWay_TwentyTimes()
    {
        await using var h = await GateHarness.StartAsync();
        for (var trial = 0; trial < 20; trial++)
        {
            var (replicas, _) = await h.ObserveWebAsync();
            var change = await h.ProposeScaleAsync((int)(replicas == 4 ? 5 : 4));
            await h.SubmitAsync(change.Id, "alice");
            using var go = new ManualResetEventSlim();
            var execute = Task.Run(async () => { go.Wait(); await h.Engine.ProcessAsync(); });
            var cancel = Task.Run(async () =>
            {
                go.Wait();
                try
                {
                    await Canceller(h).CancelAsync(change.Id, h.Key("bob"), "race");
                    return true;
                }
                catch (ApprovalRefusedException)
                {
                    return false;
                }
            });
            go.Set();
            await execute;
            var won = await cancel;
            var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);
            var events = await h.EventTypesAsync(change.Id);
            var (after, _) = await h.ObserveWebAsync();
            if (won)
            {
                final!.State.Should().Be(ChangeState.Cancelled);
                events.Should().Contain("cancelled").And.NotContain("executing");
                after.Should().Be(replicas, "a cancelled change never writes");
            }
            else
            {
                final!.State.Should().Be(ChangeState.Verified);
                events.Should().Contain("executing").And.NotContain("cancelled");
                after.Should().NotBe(replicas);
            }
        }
    }

    [Fact]
    public async Task ACancelEnvelope_SubmittedAsAnApproval_IsNeverCounted()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var envelope = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = change.ProofDigest!,
            Decision = ApprovalDecision.Cancel,
            Approver = "alice",
            SignedAt = h.Clock.GetUtcNow(),
        }, h.Key("alice")).ToJson();
        await h.Ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval, LedgerEvents.ApprovalSubmitted,
            new JsonObject { ["identity"] = "alice", ["decision"] = ApprovalDecision.Approve, ["keyId"] = h.Key("alice").PublicKey.KeyId, ["envelope"] = envelope });

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
        h.Messages(EngineLogs.ApprovalNotCounted).Should().ContainSingle().Which.Should().Contain("predicate.decision is 'cancel'");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task ACancelledChange_WhoseRowIsSetBackToApproved_IsRefusedByTheLedgersEvidence()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await using var engine = h.CreateEngine(h.PolicyWith(Frozen(h, TimeSpan.FromMinutes(10))));
        await h.SubmitAsync(change.Id, "alice");
        await engine.ProcessAsync();
        await engine.WhenIdleAsync();
        await Canceller(h).CancelAsync(change.Id, h.Key("bob"), "stop");

        await h.ForceStateAsync(change.Id, ChangeState.Cancelled, ChangeState.Approved);
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        await engine.ProcessAsync();
        var final = await engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);

        final!.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("the ledger records that it was cancelled (entry ");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }
}
