using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Proofs;

/// <summary>The evidence gathered for a change, ready to be signed into a proof.</summary>
public sealed record ProofInput
{
    public required ChangeDocument Change { get; init; }

    /// <summary>The target object as read from the cluster before the change.</summary>
    public required JsonObject Observed { get; init; }

    /// <summary>The object the server returned for the dry run.</summary>
    public required JsonObject DryRunResult { get; init; }

    public required IReadOnlyList<CheckRecord> Checks { get; init; }

    public required PolicyRecord Policy { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }
}
