using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// The claim condition of a transition, from its states: approved (or waiting) -> executing takes the
    /// claim; any move out of executing, executed or verifying requires holding it (and releases
    /// it on a final state). Earlier states are never claimed.
    /// </summary>
    private ClaimCheck? ClaimFor(ChangeState from, ChangeState to, ClaimMode? explicitMode)
    {
        var mode = explicitMode ?? (from, to) switch
        {
            (ChangeState.Approved or ChangeState.Waiting, ChangeState.Executing) => ClaimMode.Take,
            (ChangeState.Executing or ChangeState.Executed or ChangeState.Verifying, _) => to.IsFinal() ? ClaimMode.Release : ClaimMode.Hold,
            _ => (ClaimMode?)null,
        };
        return mode is { } m ? new ClaimCheck { Owner = _instance, Mode = m, Lease = _options.ClaimLease } : null;
    }

    /// <summary>
    /// Recovery (a restart, an uncertain write, another executor's change): before this engine
    /// looks at the cluster for a change in <paramref name="state"/>, it must hold the change's
    /// claim. It keeps its own; it takes an unclaimed one or one whose owner is gone (lease
    /// expired, or the same host and that process is dead) with a compare-and-set that is itself
    /// a ledger entry; it leaves a live owner's change alone. Returns the change, or null to back off.
    /// </summary>
    private async Task<ChangeDocument?> ClaimForRecoveryAsync(ChangeDocument change, ChangeState state, CancellationToken cancellationToken)
    {
        var claim = await _ledger.GetClaimAsync(change.Id, cancellationToken).ConfigureAwait(false);
        if (claim is not null && string.Equals(claim.Owner.InstanceId, _instance.InstanceId, StringComparison.Ordinal))
        {
            return change;
        }

        if (claim is not null && ProcessLiveness.WhyGone(claim, _instance, _time.GetUtcNow()) is null)
        {
            if (_reportedRefusals.TryAdd($"{change.Id}\nclaim:{claim.Owner.InstanceId}", 0))
            {
                Log.ClaimHeldElsewhere(_logger, change.Id, claim.Owner.InstanceId, claim.Owner.ProcessId, claim.LeaseExpires);
            }

            return null;
        }

        return await TryTransitionAsync(change, state, state, c => c, new JsonObject(), cancellationToken,
            LedgerEvents.ClaimTakenOver, ClaimMode.Take).ConfigureAwait(false);
    }

    /// <summary>Renews this engine's lease on <paramref name="changeId"/> until disposed.</summary>
    private ClaimRenewal RenewClaim(string changeId, CancellationToken cancellationToken) =>
        ClaimRenewal.Start(_ledger, changeId, _instance, _options.ClaimLease, _time, cancellationToken);
}
