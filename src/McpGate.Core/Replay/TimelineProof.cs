using McpGate.Core.Changes;

namespace McpGate.Core.Replay;

/// <summary>The change's proof: the digest the <c>proven</c> entry binds, and whether the stored proof verifies and matches it.</summary>
public sealed record TimelineProof
{
    /// <summary>The <c>proven</c> entry's <c>proofDigest</c>; null when there is no such entry.</summary>
    public string? Digest { get; init; }

    /// <summary>The digest of the target's state as observed when proving (the <c>proven</c> entry's <c>observedDigest</c>): the state before.</summary>
    public string? ObservedDigest { get; init; }

    /// <summary>The first target's resourceVersion when proven (null for a create): the state before.</summary>
    public string? ObservedResourceVersion { get; init; }

    public int? ReleaseScore { get; init; }

    /// <summary>The proof in the changes row verifies with the gate key, matches the row, and is the one the <c>proven</c> entry names.</summary>
    public required bool Verified { get; init; }

    /// <summary>Why not, when <see cref="Verified"/> is false.</summary>
    public string? Failure { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The checks as signed (the row's when the proof does not verify).</summary>
    public IReadOnlyList<CheckRecord> Checks { get; init; } = [];
}
