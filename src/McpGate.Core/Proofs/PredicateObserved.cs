namespace McpGate.Core.Proofs;

/// <summary><c>predicate.observed</c>: the target as the engine read it before the change.</summary>
internal sealed record PredicateObserved
{
    /// <summary>Its resourceVersion; written as <c>null</c> when the object had none, and then the proof cannot be executed.</summary>
    public required string? ResourceVersion { get; init; }

    /// <summary><c>sha256:</c> of the JCS form of the object: the statement's subject digest.</summary>
    public required string Digest { get; init; }
}
