using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Proofs;

/// <summary><c>predicate.changeRequest</c>: who asked for what, where, and when.</summary>
internal sealed record PredicateChangeRequest
{
    public required string Id { get; init; }

    public required string Tool { get; init; }

    /// <summary>The validated arguments.</summary>
    public required JsonObject Arguments { get; init; }

    public required string Requester { get; init; }

    public required string Reason { get; init; }

    /// <summary>The kubeconfig context name (a label, not an identity).</summary>
    public required string Cluster { get; init; }

    /// <summary>Absent from proofs made before proofs named the cluster (they never execute).</summary>
    public PredicateClusterIdentity? ClusterIdentity { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>For a rollback, the change it undoes; written as <c>null</c> otherwise, absent from proofs made before rollbacks.</summary>
    public string? RollbackOf { get; init; }

    public static PredicateChangeRequest Of(ChangeDocument change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new()
        {
            Id = change.Id,
            Tool = change.Tool,
            Arguments = change.Arguments,
            Requester = change.Requester,
            Reason = change.Reason,
            Cluster = change.Cluster,
            ClusterIdentity = PredicateClusterIdentity.Of(change.ClusterIdentity),
            CreatedAt = change.CreatedAt,
            RollbackOf = change.RollbackOf,
        };
    }
}
