using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Operations;

namespace McpGate.Core.Changes;

/// <summary>
/// Everything known about one change request, as stored beside its ledger entries and shown
/// by <c>get_change</c> and <c>mcpgate approvals show</c>. Each transition stores a new copy.
/// </summary>
public sealed record ChangeDocument
{
    public required string Id { get; init; }

    public required string Tool { get; init; }

    /// <summary>On the wire as its snake_case name (<see cref="ChangeState"/>); any other text is a damaged document.</summary>
    public required ChangeState State { get; init; }

    public required string Requester { get; init; }

    public required string Reason { get; init; }

    /// <summary>The kubeconfig context name the proposing gate used (a label, not an identity).</summary>
    public required string Cluster { get; init; }

    /// <summary>The cluster the change was proven on; null only for changes made before proofs carried it (they never execute).</summary>
    public ClusterIdentity? ClusterIdentity { get; init; }

    public required ChangeTarget Target { get; init; }

    /// <summary>The arguments as the agent gave them, after validation.</summary>
    public required JsonObject Arguments { get; init; }

    /// <summary>The first step's patch (or applied object), kept for readers of one-object changes; <see cref="Request"/> is what runs.</summary>
    public required JsonObject Patch { get; init; }

    /// <summary>Every request the change sends, with its precondition, and its inverse; null in documents made before requests were signed (one merge patch of <see cref="Patch"/>).</summary>
    public WriteRequest? Request { get; init; }

    /// <summary>For a rollback: the change whose failed verification it undoes.</summary>
    public string? RollbackOf { get; init; }

    /// <summary>For a change whose verification failed: the rollback the engine proposed (its own approval needed).</summary>
    public string? RollbackChangeId { get; init; }

    /// <summary>One line, e.g. <c>demo/web: replicas 2 -> 5</c>.</summary>
    public required string Summary { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? ObservedResourceVersion { get; init; }

    public string? ProofDigest { get; init; }

    /// <summary>The signed proof, a DSSE envelope as JSON text.</summary>
    public string? ProofEnvelope { get; init; }

    public IReadOnlyList<DiffLine> Diff { get; init; } = [];

    public IReadOnlyList<CheckRecord> Checks { get; init; } = [];

    public PolicyRecord? Policy { get; init; }

    public IReadOnlyList<ApprovalRecord> Approvals { get; init; } = [];

    /// <summary>Why an approved change is waiting and when it may run; set in the <c>waiting</c> state only.</summary>
    public WaitRecord? Waiting { get; init; }

    /// <summary>Who cancelled the change, when and why; set in the <c>cancelled</c> state only.</summary>
    public ApprovalRecord? Cancellation { get; init; }

    public VerifyRecord? Verify { get; init; }

    /// <summary>Why the change ended as it did (denial, rejection, failure, verification).</summary>
    public string? Outcome { get; init; }

    public string? ResultResourceVersion { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}
