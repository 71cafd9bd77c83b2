namespace McpGate.Core.Replay;

/// <summary>An approver's signed decision as a ledger entry holds it (approve, reject or cancel), checked now.</summary>
public sealed record TimelineDecision
{
    public required long Sequence { get; init; }

    /// <summary>When the entry was written.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The identity the entry names (verified only when <see cref="SignatureVerified"/> is true).</summary>
    public string? Identity { get; init; }

    /// <summary><c>approve</c>, <c>reject</c> or <c>cancel</c>, as the entry names it.</summary>
    public string? Decision { get; init; }

    public string? KeyId { get; init; }

    /// <summary>When the approver signed it, from the signed statement.</summary>
    public DateTimeOffset? SignedAt { get; init; }

    /// <summary>The approver's comment or reason: signed when <see cref="SignatureVerified"/>, else as the entry records it.</summary>
    public string? Comment { get; init; }

    /// <summary>
    /// The envelope is signed by an approver of the policy in force now, names this change's proof, and
    /// matches the entry's identity and decision; an approval or rejection must also meet the proof's
    /// approval rules (not the requester, in the required groups).
    /// </summary>
    public required bool SignatureVerified { get; init; }

    /// <summary>Why not, when <see cref="SignatureVerified"/> is false.</summary>
    public string? Failure { get; init; }
}
