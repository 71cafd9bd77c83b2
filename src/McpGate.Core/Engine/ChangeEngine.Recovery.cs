using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Operations;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// No task here is running this execution (a restart, an uncertain write, or another
    /// executor's change): take the claim only if its owner is gone, prove from the ledger that
    /// the change was approved, then look at the cluster instead of writing blindly. The target
    /// holds the patch and moved on: the write happened; record it. The target is unchanged: the
    /// write never happened; write now if every check still holds (the precondition keeps it to
    /// once). Otherwise: fail.
    /// </summary>
    internal async Task ReconcileAsync(string changeId, CancellationToken cancellationToken)
    {
        var change = await TakeForRecoveryAsync(changeId, ChangeState.Executing, cancellationToken).ConfigureAwait(false);
        if (change is null)
        {
            return;
        }

        var renewal = RenewClaim(changeId, cancellationToken);
        await using var renewing = renewal.ConfigureAwait(false);
        var token = renewal.Token;
        var (claims, digest, failure) = ProofCheck.Verify(change, _gateKey.PublicKey);
        if (claims is null)
        {
            await FailAsync(change, $"not executed: {failure}", token).ConfigureAwait(false);
            return;
        }

        if (await IdentityRefusalAsync(claims, token).ConfigureAwait(false) is { } wrongCluster)
        {
            // Not even read: the interrupted write may or may not have reached the cluster it was meant for.
            await FailAsync(change, $"not reconciled: {wrongCluster}; whether the interrupted write took effect is unknown, check {claims.Target} on the cluster it was proven on", token).ConfigureAwait(false);
            return;
        }

        if (await ProveApprovedAsync(change, claims, digest, ChangeState.Executing, token).ConfigureAwait(false) is { } unproven)
        {
            Log.ApprovalNotProven(_logger, change.Id, unproven);
            await FailAsync(change, $"not executed: {unproven}", token).ConfigureAwait(false);
            return;
        }

        // Each step in order: took effect (skip it), not sent (its precondition still holds: send it
        // and every later one), or neither (fail: the cluster is in a state the proof never saw).
        var steps = claims.Request.Steps;
        var pendingFrom = steps.Count;
        string? version = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var current = await _cluster.GetAsync(step.Target.ToResourceRef(), token).ConfigureAwait(false);
            if (i == 0 && step.Verb is not (WriteVerb.Delete or WriteVerb.Evict))
            {
                version = current?["metadata"]?["resourceVersion"]?.GetValue<string>();
            }

            var tookEffect = WriteSteps.TookEffect(step, current);
            if (tookEffect == true)
            {
                continue;
            }

            if (tookEffect == false && step.Precondition.Violation(current) is null)
            {
                pendingFrom = i;
                break;
            }

            var which = steps.Count == 1 ? "the target" : $"{step.Target.Resource} {step.Target} (step {i + 1} of {steps.Count})";
            await FailAsync(change, current is null && !step.Precondition.Absent
                ? $"interrupted during execution, and {which} no longer exists"
                : $"interrupted during execution, and {which} matches neither the proof nor the change; propose it again", token).ConfigureAwait(false);
            return;
        }

        if (pendingFrom < steps.Count)
        {
            var (recheck, refusal) = await RecheckAsync(change, checkDrift: false, token).ConfigureAwait(false);
            if (recheck is null)
            {
                await FailAsync(change, $"not executed: {refusal}", token).ConfigureAwait(false);
                return;
            }

            await WriteAsync(change, recheck, token, pendingFrom).ConfigureAwait(false);
            return;
        }

        var executed = await TryTransitionAsync(change, ChangeState.Executing, ChangeState.Executed,
            c => c with { ResultResourceVersion = version, Outcome = "reconciled: the cluster already holds the change" },
            new JsonObject { ["resourceVersion"] = version, ["reconciled"] = true }, token).ConfigureAwait(false);
        if (executed is not null)
        {
            await VerifyAsync(executed, ChangeState.Executed, claims, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Finishes verifying a change left in executed or verifying, after taking its claim (only
    /// from a gone owner) and proving from the ledger that it was approved and executed.
    /// </summary>
    internal async Task ResumeVerificationAsync(string changeId, ChangeState state, CancellationToken cancellationToken)
    {
        var change = await TakeForRecoveryAsync(changeId, state, cancellationToken).ConfigureAwait(false);
        if (change is null)
        {
            return;
        }

        var renewal = RenewClaim(changeId, cancellationToken);
        await using var renewing = renewal.ConfigureAwait(false);
        var token = renewal.Token;
        var (claims, digest, failure) = ProofCheck.Verify(change, _gateKey.PublicKey);
        if (claims is null)
        {
            var verifying = state == ChangeState.Verifying
                ? change
                : await TryTransitionAsync(change, state, ChangeState.Verifying, c => c, new JsonObject(), token).ConfigureAwait(false);
            if (verifying is not null)
            {
                await TryTransitionAsync(verifying, ChangeState.Verifying, ChangeState.VerificationFailed,
                    c => c with { Outcome = $"cannot verify: {failure}" }, new JsonObject { ["reason"] = failure }, token).ConfigureAwait(false);
            }

            return;
        }

        if (await ProveApprovedAsync(change, claims, digest, state, token).ConfigureAwait(false) is { } unproven)
        {
            Log.ApprovalNotProven(_logger, change.Id, unproven);
            await FailAsync(change, $"not verified: {unproven}", token).ConfigureAwait(false);
            return;
        }

        await VerifyAsync(change, state, claims, token).ConfigureAwait(false);
    }

    /// <summary>
    /// The stored change, still in <paramref name="state"/>, proven on this gate's cluster, and
    /// claimed by this executor (taken over only from a gone owner); null when any of that fails.
    /// </summary>
    private async Task<ChangeDocument?> TakeForRecoveryAsync(string changeId, ChangeState state, CancellationToken cancellationToken)
    {
        var found = await GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        return found is null || found.State != state || !await IsForThisClusterAsync(found, cancellationToken).ConfigureAwait(false)
            ? null
            : await ClaimForRecoveryAsync(found, state, cancellationToken).ConfigureAwait(false);
    }
}
