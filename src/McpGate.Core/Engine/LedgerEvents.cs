namespace McpGate.Core.Engine;

/// <summary>Ledger event types that are not state names (every transition is logged under its new state's name).</summary>
public static class LedgerEvents
{
    /// <summary>An approver's signed decision, written by the CLI; payload: <c>{identity, decision, keyId, envelope}</c>.</summary>
    public const string ApprovalSubmitted = "approval_submitted";

    /// <summary>
    /// An approver's signed comment, in any state; it decides nothing and moves nothing. Payload:
    /// <c>{identity, keyId, text, createdAt, envelope}</c> (see <see cref="Comments.ChangeCommenter"/>).
    /// </summary>
    public const string Commented = "commented";

    /// <summary>The engine counted approvals short of the quorum; payload: <c>{counted, required, from, to}</c>.</summary>
    public const string ApprovalsCounted = "approvals_counted";

    /// <summary>
    /// Recovery took the executor claim of a change in executing, executed or verifying (it was
    /// unclaimed, or its owner was gone); payload: <c>{from, to, claim, takenOver?: {..., gone}}</c>.
    /// </summary>
    public const string ClaimTakenOver = "claim_taken_over";

    /// <summary>A change interrupted while being proposed was closed at recovery.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>
    /// A PodDisruptionBudget refused an eviction of a drain, which waits for it; recorded when the refusal
    /// differs from the last one recorded. Payload: <c>{pod, step, refusal, waitUntil}</c>.
    /// </summary>
    public const string EvictionRefused = "eviction_refused";
}
