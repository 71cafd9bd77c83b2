using System.Text.Json;
using McpGate.Core.Changes;
using McpGate.Core.Json;
using McpGate.Core.Ledger;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// The states in which a change counts as pending for idempotency: still being proven, or
    /// waiting for approval. A rejected, expired, denied or executed change never absorbs a new proposal.
    /// </summary>
    private static readonly ChangeState[] s_pendingStates =
        [ChangeState.Proposed, ChangeState.Proven, ChangeState.PendingApproval];

    /// <summary>How long a repeated proposal waits for the identical one still being proven to finish.</summary>
    private static readonly TimeSpan s_inFlightWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether <paramref name="stored"/> is the same proposal as <paramref name="candidate"/>: same
    /// requester, tool, cluster, target and canonical arguments, proven against the same observed
    /// resourceVersion, and not past its approval expiry; if still being proven, recently.
    /// </summary>
    private bool IsSameProposal(StoredChange stored, ChangeDocument candidate, string candidateArguments)
    {
        // A proposal still unproven after the in-flight wait was interrupted (a crash): it never
        // becomes approvable, so it must not absorb the agent's retry.
        if (stored.State != ChangeState.PendingApproval && stored.UpdatedAt < _time.GetUtcNow() - s_inFlightWait)
        {
            return false;
        }

        ChangeDocument other;
        try
        {
            other = ChangeJson.Deserialize(stored.DocumentJson);
        }
        catch (JsonException)
        {
            return false;
        }

        return string.Equals(other.Requester, candidate.Requester, StringComparison.Ordinal)
            && string.Equals(other.Tool, candidate.Tool, StringComparison.Ordinal)
            && string.Equals(other.Cluster, candidate.Cluster, StringComparison.Ordinal)
            && other.ClusterIdentity == candidate.ClusterIdentity
            && other.Target == candidate.Target
            && string.Equals(other.ObservedResourceVersion, candidate.ObservedResourceVersion, StringComparison.Ordinal)
            && !(other.ExpiresAt <= _time.GetUtcNow())
            && string.Equals(CanonicalJson.ToCanonicalString(other.Arguments), candidateArguments, StringComparison.Ordinal);
    }

    /// <summary>
    /// The identical change another call is still proving: wait (bounded) until it is pending
    /// approval or decided, so the caller sees what a human will be asked to approve.
    /// </summary>
    private async Task<ChangeDocument> SettledAsync(StoredChange existing, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + s_inFlightWait;
        var change = ChangeJson.Deserialize(existing.DocumentJson);
        while (change.State is ChangeState.Proposed or ChangeState.Proven && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
            change = await GetChangeAsync(change.Id, cancellationToken).ConfigureAwait(false) ?? change;
        }

        return change;
    }
}
