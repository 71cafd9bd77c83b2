namespace McpGate.Core.Changes;

/// <summary>The life of a change request; see docs/ledger.md for the transitions.</summary>
public enum ChangeState
{
    Proposed,
    Proven,
    Denied,
    PendingApproval,
    Approved,
    Rejected,
    Expired,
    Executing,
    Executed,
    Failed,
    Verifying,
    Verified,
    VerificationFailed,
}
