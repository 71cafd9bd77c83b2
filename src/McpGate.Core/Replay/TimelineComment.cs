namespace McpGate.Core.Replay;

/// <summary>An approver's signed comment as a <c>commented</c> entry holds it, checked now: words shown as data, deciding nothing.</summary>
public sealed record TimelineComment
{
    public required long Sequence { get; init; }

    /// <summary>When the entry was written.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The approver the entry names (verified only when <see cref="SignatureVerified"/> is true).</summary>
    public string? Identity { get; init; }

    /// <summary>The comment, as the entry records it.</summary>
    public string? Text { get; init; }

    /// <summary>The envelope is a comment statement signed by that approver's key in the policy in force now, over this change's proof, with these words.</summary>
    public required bool SignatureVerified { get; init; }

    /// <summary>Why not, when <see cref="SignatureVerified"/> is false.</summary>
    public string? Failure { get; init; }
}
