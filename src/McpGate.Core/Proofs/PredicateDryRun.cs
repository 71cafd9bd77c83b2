namespace McpGate.Core.Proofs;

/// <summary><c>predicate.dryRun</c>: the server-side dry run the proof rests on.</summary>
internal sealed record PredicateDryRun
{
    /// <summary>Always true: a refused dry run stops the proposal before anything is signed.</summary>
    public required bool Accepted { get; init; }

    /// <summary><c>sha256:</c> of the JCS form of the object the dry run returned.</summary>
    public required string ResultDigest { get; init; }

    /// <summary>Written always; read as no change when absent.</summary>
    public IReadOnlyList<PredicateDiffLine>? Diff { get; init; }
}
