using McpGate.Core.Audit;
using McpGate.Core.Changes;
using McpGate.Core.Engine;

namespace McpGate.Core.Tests.Audit;

/// <summary>The state machine as the ledger writes it: every move the engine and the CLI make, and the ones no true history has.</summary>
public sealed class StateMachineTests
{
    public static TheoryData<ChangeState, ChangeState, string> Written => new()
    {
        { ChangeState.Proposed, ChangeState.Proven, "proven" },
        { ChangeState.Proposed, ChangeState.Failed, LedgerEvents.Abandoned },
        { ChangeState.Proven, ChangeState.Failed, LedgerEvents.Abandoned },
        { ChangeState.Proven, ChangeState.PendingApproval, "pending_approval" },
        { ChangeState.Proven, ChangeState.Denied, "denied" },
        { ChangeState.PendingApproval, ChangeState.PendingApproval, LedgerEvents.ApprovalsCounted },
        { ChangeState.PendingApproval, ChangeState.Approved, "approved" },
        { ChangeState.PendingApproval, ChangeState.Cancelled, "cancelled" },
        { ChangeState.Approved, ChangeState.Waiting, "waiting" },
        { ChangeState.Waiting, ChangeState.Waiting, "waiting" },
        { ChangeState.Waiting, ChangeState.Executing, "executing" },
        { ChangeState.Approved, ChangeState.Executing, "executing" },
        { ChangeState.Executing, ChangeState.Executing, LedgerEvents.ClaimTakenOver },
        { ChangeState.Executing, ChangeState.Executing, LedgerEvents.EvictionRefused },
        { ChangeState.Executed, ChangeState.Executed, LedgerEvents.ClaimTakenOver },
        { ChangeState.Verifying, ChangeState.Verifying, LedgerEvents.ClaimTakenOver },
        { ChangeState.Executing, ChangeState.Executed, "executed" },
        { ChangeState.Verifying, ChangeState.VerificationFailed, "verification_failed" },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void Refusal_MovesTheGateWrites_AreAccepted(ChangeState from, ChangeState to, string eventType) =>
        StateMachine.Refusal(from, to, eventType).Should().BeNull();

    public static TheoryData<ChangeState, ChangeState, string, string> Impossible => new()
    {
        { ChangeState.PendingApproval, ChangeState.Executing, "executing", "pending_approval -> executing is not a move of the state machine" },
        { ChangeState.Verified, ChangeState.Executing, "executing", "verified is final, nothing follows it" },
        { ChangeState.Cancelled, ChangeState.Approved, "approved", "cancelled is final, nothing follows it" },
        { ChangeState.Approved, ChangeState.Approved, "approved", "approved -> approved is not a move of the state machine" },
        { ChangeState.Executing, ChangeState.Executing, "executing", "executing -> executing is never written as event 'executing'" },
        { ChangeState.Executed, ChangeState.Executed, LedgerEvents.EvictionRefused, "executed -> executed is never written as event 'eviction_refused'" },
        { ChangeState.PendingApproval, ChangeState.PendingApproval, LedgerEvents.ClaimTakenOver, "pending_approval -> pending_approval is never written as event 'claim_taken_over'" },
        { ChangeState.Executing, ChangeState.Failed, LedgerEvents.Abandoned, "executing -> failed is never written as event 'abandoned'" },
        { ChangeState.Waiting, ChangeState.Waiting, LedgerEvents.ApprovalsCounted, "waiting -> waiting is never written as event 'approvals_counted'" },
        { ChangeState.Executing, ChangeState.Executed, "verified", "executing -> executed is never written as event 'verified'" },
        { ChangeState.Executing, ChangeState.Executed, LedgerEvents.ClaimTakenOver, "executing -> executed is never written as event 'claim_taken_over'" },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void Refusal_MovesNoTrueHistoryHas_AreNamed(ChangeState from, ChangeState to, string eventType, string expected) =>
        StateMachine.Refusal(from, to, eventType).Should().Be(expected);
}
