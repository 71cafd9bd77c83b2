using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Operations;

namespace McpGate.Core.Replay;

/// <summary>
/// The life of one change as its hash-chained ledger entries tell it: who asked and why, the proof
/// and its checks, the policy decision, each signed decision (checked now against the policy), any
/// freeze-window wait or cancel, the exact requests executed, the state before and after, what
/// verification observed, claims taken over, and the time between entries. The changes row adds
/// only what the entries bind through the proof (its envelope, checked with the gate key) and the
/// summary; where the row's state disagrees with the entries, <see cref="RowDisagrees"/> says so.
/// <c>mcpgate changes show --json</c> and <c>get_change</c> with <c>detail: timeline</c> print this object.
/// </summary>
public sealed record ChangeTimeline
{
    public required string ChangeId { get; init; }

    /// <summary>The state the change's last transition entry leads to; null when no entry names one.</summary>
    public ChangeState? State { get; init; }

    /// <summary>The state column of the change's row in the changes table.</summary>
    public required ChangeState RowState { get; init; }

    /// <summary>How the changes row disagrees with the entries (state, or a document that cannot be read); null when it agrees.</summary>
    public string? RowDisagrees { get; init; }

    public string? Summary { get; init; }

    /// <summary>From the <c>proposed</c> entry.</summary>
    public string? Tool { get; init; }

    /// <summary>Who asked: the <c>proposed</c> entry's requester.</summary>
    public string? Requester { get; init; }

    /// <summary>Why: the requester's reason, as signed into the proof (the row's when the proof does not verify).</summary>
    public string? Reason { get; init; }

    /// <summary>The tool's arguments, from the <c>proposed</c> entry.</summary>
    public JsonObject? Arguments { get; init; }

    /// <summary>The kubeconfig context name the proposing gate used, from the <c>proposed</c> entry.</summary>
    public string? Cluster { get; init; }

    public ChangeTarget? Target { get; init; }

    public required TimelineProof Proof { get; init; }

    /// <summary>The decision of the <c>pending_approval</c> or <c>denied</c> entry, with the approvals the proof requires; null before it.</summary>
    public PolicyRecord? Policy { get; init; }

    /// <summary>Every request the change sends, in order, each under its precondition, as signed into the proof.</summary>
    public IReadOnlyList<WriteStep> Requests { get; init; } = [];

    /// <summary>The fields the change alters: observed value, then the dry run's, as signed.</summary>
    public IReadOnlyList<DiffLine> Diff { get; init; } = [];

    /// <summary>Each <c>approval_submitted</c> entry: an approval or a rejection, and whether its signature verifies now.</summary>
    public IReadOnlyList<TimelineDecision> Approvals { get; init; } = [];

    /// <summary>Each <c>commented</c> entry: an approver's words, and whether their signature verifies now.</summary>
    public IReadOnlyList<TimelineComment> Comments { get; init; } = [];

    /// <summary>Each <c>waiting</c> entry: the freeze window that held the approved change (<see cref="WaitRecord.Since"/> is the entry's time).</summary>
    public IReadOnlyList<WaitRecord> Waiting { get; init; } = [];

    /// <summary>The <c>cancelled</c> entry: the approver's signed cancel.</summary>
    public TimelineDecision? Cancellation { get; init; }

    /// <summary>The <c>executing</c> and <c>executed</c> entries: who executed, and the state after.</summary>
    public TimelineExecution? Execution { get; init; }

    /// <summary>The <c>verified</c> or <c>verification_failed</c> entry: what verification observed.</summary>
    public TimelineVerification? Verification { get; init; }

    /// <summary>Each <c>claim_taken_over</c> entry.</summary>
    public IReadOnlyList<TimelineTakeover> ClaimsTakenOver { get; init; } = [];

    /// <summary>The outcome the changes row records (free text: it may carry an approver's or the cluster's words).</summary>
    public string? Outcome { get; init; }

    public string? RollbackOf { get; init; }

    public string? RollbackChangeId { get; init; }

    /// <summary>Every entry of the change, in ledger order.</summary>
    public required IReadOnlyList<TimelineStep> Steps { get; init; }

    /// <summary>From the first entry to the last, in milliseconds; null without entries.</summary>
    public long? DurationMs { get; init; }
}
