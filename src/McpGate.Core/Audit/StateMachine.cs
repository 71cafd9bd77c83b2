using McpGate.Core.Changes;
using McpGate.Core.Engine;

namespace McpGate.Core.Audit;

/// <summary>
/// The change state machine as the ledger records it (docs/ledger.md, "Change states"): which
/// moves exist, and under which event type each is written.
/// </summary>
public static class StateMachine
{
    private static readonly Dictionary<ChangeState, ChangeState[]> s_next = new()
    {
        [ChangeState.Proposed] = [ChangeState.Proven, ChangeState.Failed],
        [ChangeState.Proven] = [ChangeState.PendingApproval, ChangeState.Denied, ChangeState.Failed],
        [ChangeState.PendingApproval] = [ChangeState.PendingApproval, ChangeState.Approved, ChangeState.Rejected, ChangeState.Expired, ChangeState.Failed, ChangeState.Cancelled],
        [ChangeState.Approved] = [ChangeState.Waiting, ChangeState.Executing, ChangeState.Failed, ChangeState.Cancelled],
        [ChangeState.Waiting] = [ChangeState.Waiting, ChangeState.Executing, ChangeState.Failed, ChangeState.Cancelled],
        [ChangeState.Executing] = [ChangeState.Executing, ChangeState.Executed, ChangeState.Failed],
        [ChangeState.Executed] = [ChangeState.Executed, ChangeState.Verifying, ChangeState.Failed],
        [ChangeState.Verifying] = [ChangeState.Verifying, ChangeState.Verified, ChangeState.VerificationFailed, ChangeState.Failed],
    };

    /// <summary>Why a transition entry cannot be in a true history; null when it can.</summary>
    public static string? Refusal(ChangeState from, ChangeState to, string eventType)
    {
        if (!s_next.TryGetValue(from, out var next) || !next.Contains(to))
        {
            return from.IsFinal()
                ? $"{from.ToWire()} is final, nothing follows it"
                : $"{from.ToWire()} -> {to.ToWire()} is not a move of the state machine";
        }

        var expected = (from, to, eventType) switch
        {
            (ChangeState.PendingApproval, ChangeState.PendingApproval, LedgerEvents.ApprovalsCounted) => true,
            (ChangeState.Executing or ChangeState.Executed or ChangeState.Verifying, _, LedgerEvents.ClaimTakenOver) => from == to,
            (ChangeState.Executing, ChangeState.Executing, LedgerEvents.EvictionRefused) => true,
            (ChangeState.Proposed or ChangeState.Proven, ChangeState.Failed, LedgerEvents.Abandoned) => true,
            (ChangeState.Waiting, ChangeState.Waiting, _) => eventType == to.ToWire(),
            _ when from == to => false,
            _ => eventType == to.ToWire(),
        };
        return expected ? null : $"{from.ToWire()} -> {to.ToWire()} is never written as event '{eventType}'";
    }
}
