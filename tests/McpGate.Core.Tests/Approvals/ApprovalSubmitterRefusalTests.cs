using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Approvals;

/// <summary>
/// Every refusal of the submitter, on a real ledger file and sandbox cluster: the refusal names
/// the reason, and the ledger records no decision.
/// </summary>
public sealed class ApprovalSubmitterRefusalTests
{
    private const string TwoApprovals = GateHarness.TwoApprovalsFromSre;

    [Theory]
    [InlineData("abstain")]
    [InlineData("Approve")]
    [InlineData("")]
    public async Task SubmitAsync_UnknownDecision_ThrowsAndRecordsNothing(string decision)
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);

        var act = () => Submitter(gate).SubmitAsync(change.Id, decision, gate.Key("alice"), null);

        var thrown = (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which;
        thrown.ParamName.Should().Be("decision");
        thrown.Message.Should().StartWith("decision must be approve or reject");
        await ShouldRecordNoDecisionAsync(gate, change.Id);
    }

    [Fact]
    public async Task SubmitAsync_KeyOfNoApprover_IsRefusedNamingTheKey()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        using var stranger = Ed25519PrivateKey.Generate();

        var act = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, stranger, null);

        await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"this key ({stranger.PublicKey}) is not an approver in the policy; add it to a policy file's approvers, e.g. - {{ identity: NAME, groups: [sre], publicKey: '{stranger.PublicKey}' }}");
        await ShouldRecordNoDecisionAsync(gate, change.Id);
    }

    [Theory]
    [InlineData("chg-1")]
    [InlineData("CHG-ABCDEFGH2345")]
    [InlineData("")]
    public async Task SubmitAsync_MalformedChangeId_IsRefused(string changeId)
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);

        var act = () => Submitter(gate).SubmitAsync(changeId, ApprovalDecision.Approve, gate.Key("alice"), null);

        await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"'{changeId}' is not a change id (expected chg- followed by 12 characters a-z, 2-7)");
    }

    [Fact]
    public async Task SubmitAsync_UnknownChange_IsRefusedNamingTheLedger()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);

        var act = () => Submitter(gate).SubmitAsync("chg-abcdefgh2345", ApprovalDecision.Approve, gate.Key("alice"), null);

        await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"no change chg-abcdefgh2345 in this ledger ({gate.Ledger.DatabasePath}); check the id and --data-dir");
    }

    [Fact]
    public async Task SubmitAsync_AfterTheProofExpired_IsRefusedAndNothingIsRecorded()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        gate.Clock.Advance(change.ExpiresAt!.Value - gate.Clock.GetUtcNow());

        var act = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"change {change.Id} expired at {change.ExpiresAt:O}; the agent must propose it again");
        await ShouldRecordNoDecisionAsync(gate, change.Id);
    }

    [Fact]
    public async Task SubmitAsync_OneMinuteBeforeExpiry_IsRecorded()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        gate.Clock.Advance(change.ExpiresAt!.Value - gate.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));

        var outcome = await Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), "ok");

        outcome.Approver.Identity.Should().Be("alice");
        outcome.Change.Id.Should().Be(change.Id);
        outcome.Tally.Accepted.Select(a => a.Identity).Should().Equal("alice");
        outcome.Tally.Required.Should().Be(2);
        outcome.Tally.QuorumMet.Should().BeFalse();
    }

    [Fact]
    public async Task SubmitAsync_SecondApprover_MeetsTheQuorumInTheOutcome()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        await Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        var outcome = await Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("bob"), null);

        outcome.Tally.Accepted.Select(a => a.Identity).Should().BeEquivalentTo("alice", "bob");
        outcome.Tally.QuorumMet.Should().BeTrue();
    }

    [Fact]
    public async Task SubmitAsync_RequesterDecidingItsOwnChange_IsRefused()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4, requester: "Alice");

        var approve = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);
        var reject = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Reject, gate.Key("alice"), null);

        await approve.Should().ThrowAsync<ApprovalRefusedException>().WithMessage("alice requested this change and cannot approve or reject it");
        await reject.Should().ThrowAsync<ApprovalRefusedException>().WithMessage("alice requested this change and cannot approve or reject it");
        await ShouldRecordNoDecisionAsync(gate, change.Id);
    }

    [Fact]
    public async Task SubmitAsync_ApproverOutsideTheGroups_IsRefusedButMayReject()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);

        var approve = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("carol"), null);

        await approve.Should().ThrowAsync<ApprovalRefusedException>().WithMessage("carol is not in any of the groups this change needs (sre)");
        await ShouldRecordNoDecisionAsync(gate, change.Id);
        var outcome = await Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Reject, gate.Key("carol"), "not now");
        outcome.Tally.Rejection!.Identity.Should().Be("carol");
    }

    [Fact]
    public async Task SubmitAsync_SameApproverApprovingTwice_IsRefusedTheSecondTime()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        await Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        var again = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        await again.Should().ThrowAsync<ApprovalRefusedException>().WithMessage($"alice already approved change {change.Id}; one approval per approver counts");
        (await gate.EventTypesAsync(change.Id)).Count(e => e == LedgerEvents.ApprovalSubmitted).Should().Be(1);
    }

    [Fact]
    public async Task SubmitAsync_AfterARejectionWithoutReason_NamesTheRejecter()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        await Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Reject, gate.Key("bob"), null);

        var reject = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Reject, gate.Key("alice"), null);

        await reject.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"change {change.Id} was already rejected by bob; it cannot be approved or rejected again");
        (await gate.EventTypesAsync(change.Id)).Count(e => e == LedgerEvents.ApprovalSubmitted).Should().Be(1);
    }

    [Fact]
    public async Task SubmitAsync_ChangeEditedAfterItWasProven_IsRefused()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        await gate.TamperDocumentAsync(change.Id, c => c with { Reason = "something else" });

        var act = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"change {change.Id} cannot be approved: the stored change does not match its signed proof (reason); the ledger's change record was edited");
        await ShouldRecordNoDecisionAsync(gate, change.Id);
    }

    [Fact]
    public async Task SubmitAsync_ExpiredChange_IsRefusedQuotingTheRecordedOutcome()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        gate.Clock.Advance(TimeSpan.FromDays(3));
        await gate.Engine.ProcessAsync();
        var expired = await gate.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);
        expired!.State.Should().Be(ChangeState.Expired);

        var act = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"change {change.Id} expired (recorded outcome: \"{expired.Outcome}\"); the agent must propose it again");
    }

    [Theory]
    [InlineData("denied", "was denied by policy; it cannot be approved")]
    [InlineData("rejected", "was already rejected; it cannot be approved")]
    [InlineData("approved", "is approved, not pending approval")]
    public async Task SubmitAsync_ChangeNoLongerPending_IsRefusedNamingItsState(string state, string expected)
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        await gate.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeStates.FromWire(state)!.Value);

        var act = () => Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        var refusal = await act.Should().ThrowAsync<ApprovalRefusedException>();
        refusal.Which.Message.Should().Be($"change {change.Id} {expected}");
        refusal.Which.Message.Should().NotContain("recorded outcome");
        await ShouldRecordNoDecisionAsync(gate, change.Id);
    }

    private static ApprovalSubmitter Submitter(GateHarness gate) => new(gate.Ledger, gate.Policy, gate.Engine.GatePublicKey, gate.Clock);

    private static async Task ShouldRecordNoDecisionAsync(GateHarness gate, string changeId) =>
        (await gate.EventTypesAsync(changeId)).Should().NotContain(LedgerEvents.ApprovalSubmitted);
}
