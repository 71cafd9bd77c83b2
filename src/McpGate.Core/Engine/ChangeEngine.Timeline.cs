using McpGate.Core.Replay;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// The change's timeline from its ledger entries, signatures checked against this engine's policy
    /// and proof against its key; null when there is no such change.
    /// </summary>
    /// <exception cref="Ledger.LedgerCorruptException">The change row's state is not a change state.</exception>
    public Task<ChangeTimeline?> TimelineAsync(string changeId, CancellationToken cancellationToken = default) =>
        new ChangeTimelineBuilder(_policy, _gateKey.PublicKey, _time).BuildAsync(_ledger, changeId, cancellationToken);

    /// <summary>The approvers' comments on a change, oldest first, as its ledger entries hold them (empty when there are none).</summary>
    public Task<IReadOnlyList<Comments.ChangeComment>> CommentsAsync(string changeId, CancellationToken cancellationToken = default) =>
        Comments.ChangeComments.ReadAsync(_ledger, changeId, cancellationToken);
}
