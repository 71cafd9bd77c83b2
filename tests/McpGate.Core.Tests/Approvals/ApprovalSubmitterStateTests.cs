using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Approvals;

/// <summary>
/// The submitter on a real ledger file and sandbox cluster: its arguments, a change that moves on
/// while a decision is being signed, and an approver changing their mind.
/// </summary>
public sealed class ApprovalSubmitterStateTests
{
    private const string TwoApprovals = """
        rules:
          - name: demo-scaling
            tools: [scale_deployment]
            namespaces: [demo]
            effect: allow
            approval: { count: 2, groups: [sre] }
            constraints:
              replicas: { maximum: 20 }
        """;

    [Fact]
    public async Task New_MissingPart_ThrowsNamingIt()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var key = gate.Engine.GatePublicKey;

        var noLedger = () => new ApprovalSubmitter(null!, gate.Policy, key, gate.Clock);
        var noPolicy = () => new ApprovalSubmitter(gate.Ledger, null!, key, gate.Clock);
        var noKey = () => new ApprovalSubmitter(gate.Ledger, gate.Policy, null!, gate.Clock);
        var noClock = () => new ApprovalSubmitter(gate.Ledger, gate.Policy, key, null!);

        noLedger.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("ledger");
        noPolicy.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("policy");
        noKey.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("gateKey");
        noClock.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("timeProvider");
    }

    [Fact]
    public async Task SubmitAsync_NoKey_ThrowsNamingItAndRecordsNothing()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);

        var act = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, null!, null);

        (await act.Should().ThrowAsync<ArgumentNullException>()).Which.ParamName.Should().Be("key");
        (await gate.EventTypesAsync(change.Id)).Should().NotContain(LedgerEvents.ApprovalSubmitted);
    }

    [Fact]
    public async Task SubmitAsync_ApproverWhoApprovedThenRejects_RecordsTheRejection()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        await Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        var outcome = await Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Reject, gate.Key("alice"), "second thoughts");

        outcome.Tally.Rejection!.Identity.Should().Be("alice");
        outcome.Tally.Rejection.Comment.Should().Be("second thoughts");
        (await gate.EventTypesAsync(change.Id)).Count(e => e == LedgerEvents.ApprovalSubmitted).Should().Be(2);
    }

    [Fact]
    public async Task SubmitAsync_ChangeDeniedByPolicy_IsRefusedQuotingTheRecordedOutcome()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(50);
        change.State.Should().Be(ChangeState.Denied);

        var act = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"change {change.Id} was denied by policy (recorded outcome: \"{change.Outcome}\"); it cannot be approved");
        (await gate.EventTypesAsync(change.Id)).Should().NotContain(LedgerEvents.ApprovalSubmitted);
    }

    [Fact]
    public async Task SubmitAsync_ChangeMovedOnAfterItWasRead_IsRefusedNamingItsNewStateAndRecordsNothing()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        // The submitter reads the clock once, after it found the change pending and before it writes:
        // the moment another process (an engine expiring the change, say) moves it on.
        var clock = new ClockMovingTheChange(gate.Clock, () => gate.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Expired));
        var submitter = new ApprovalSubmitter(gate.Ledger, gate.Policy, gate.Engine.GatePublicKey, clock);

        var act = () => submitter.SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        var refusal = await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"change {change.Id} is no longer pending approval (now expired)");
        refusal.Which.InnerException.Should().BeOfType<ChangeStateConflictException>();
        clock.Moves.Should().Be(1);
        (await gate.EventTypesAsync(change.Id)).Should().NotContain(LedgerEvents.ApprovalSubmitted);
        (await gate.Ledger.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Expired);
    }

    private static ApprovalSubmitter Submitter(GateHarness gate) => new(gate.Ledger, gate.Policy, gate.Engine.GatePublicKey, gate.Clock);

    /// <summary>The harness's clock; the first reading also moves the change on, as a concurrent process would at that moment.</summary>
    private sealed class ClockMovingTheChange(TimeProvider inner, Func<Task> move) : TimeProvider
    {
        public int Moves { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            if (Moves == 0)
            {
                Moves++;
                move().GetAwaiter().GetResult();
            }

            return inner.GetUtcNow();
        }
    }
}
