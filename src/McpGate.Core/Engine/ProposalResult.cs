using McpGate.Core.Changes;

namespace McpGate.Core.Engine;

/// <summary>What a proposal produced: a new change, or the identical one already pending.</summary>
public sealed record ProposalResult
{
    public required ChangeDocument Change { get; init; }

    /// <summary>
    /// True when an identical pending change (same requester, tool, canonical arguments, cluster
    /// and observed resourceVersion) existed: it is returned and nothing new was recorded.
    /// </summary>
    public bool AlreadyPending { get; init; }
}
