using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// Executes an approved change exactly once: claims it (approved -> executing, a
    /// compare-and-set in the ledger), re-checks proof, approvals, policy and drift, then writes
    /// what the signed proof says, with its resourceVersion as precondition, and verifies.
    /// </summary>
    internal async Task ExecuteAsync(string changeId, CancellationToken cancellationToken)
    {
        var approved = await GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        if (approved is null || approved.State != ChangeState.Approved.ToWire()
            || !await IsForThisClusterAsync(approved, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var executing = await TryTransitionAsync(approved, ChangeState.Approved, ChangeState.Executing, c => c,
            new JsonObject(), cancellationToken).ConfigureAwait(false);
        if (executing is null)
        {
            return;
        }

        ProofClaims? claims;
        string? refusal;
        try
        {
            (claims, refusal) = await RecheckAsync(executing, checkDrift: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            (claims, refusal) = (null, $"the checks before execution could not run ({ex.Message})");
        }

        if (claims is null)
        {
            await FailAsync(executing, $"not executed: {refusal}", cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteAsync(executing, claims, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(ChangeDocument executing, ProofClaims claims, CancellationToken cancellationToken)
    {
        JsonObject result;
        try
        {
            result = await _cluster.PatchAsync(claims.Target.ToResourceRef(), (JsonObject)claims.Patch.DeepClone(),
                claims.ObservedResourceVersion, dryRun: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.Conflict)
        {
            await FailAsync(executing, $"not executed: the target changed after the proof (resourceVersion is no longer {claims.ObservedResourceVersion}); propose the change again", cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ClusterException ex) when (ex.Kind is ClusterErrorKind.Invalid or ClusterErrorKind.Forbidden or ClusterErrorKind.Unauthorized or ClusterErrorKind.NotFound)
        {
            await FailAsync(executing, $"not executed: the cluster refused the write ({ex.Kind}): {ex.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ClusterException ex)
        {
            // Timeout, 5xx, dropped connection: the server may have applied it. Leave the change
            // executing; the next pass looks at the cluster and records what really happened.
            Log.UncertainWrite(_logger, executing.Id, ex.Kind.ToString(), ex);
            return;
        }

        var version = result["metadata"]?["resourceVersion"]?.GetValue<string>();
        var executed = await TryTransitionAsync(executing, ChangeState.Executing, ChangeState.Executed,
            c => c with { ResultResourceVersion = version },
            new JsonObject { ["resourceVersion"] = version }, cancellationToken).ConfigureAwait(false);
        if (executed is not null)
        {
            await VerifyAsync(executed, ChangeState.Executed, claims, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The signed claims when every check still holds; otherwise why the change must not run.</summary>
    private async Task<(ProofClaims? Claims, string? Refusal)> RecheckAsync(ChangeDocument change, bool checkDrift, CancellationToken cancellationToken)
    {
        var (claims, digest, failure) = ProofCheck.Verify(change, _gateKey.PublicKey);
        if (claims is null)
        {
            return (null, failure);
        }

        if (await IdentityRefusalAsync(claims, cancellationToken).ConfigureAwait(false) is { } wrongCluster)
        {
            return (null, wrongCluster);
        }

        if (claims.ExpiresAt <= _time.GetUtcNow())
        {
            return (null, $"the proof expired at {claims.ExpiresAt:O}; propose the change again");
        }

        var decision = EvaluateNow(claims);
        if (!decision.Allowed)
        {
            return (null, $"policy now denies it ({decision.RuleName}: {decision.Reason})");
        }

        var envelopes = await SubmittedApprovals.ReadAsync(_ledger, change.Id, cancellationToken).ConfigureAwait(false);
        var tally = ApprovalTally.Count(ApprovalRules.From(claims, digest, decision), envelopes, _approvers);
        if (!tally.QuorumMet)
        {
            return (null, tally.Rejection is not null
                ? $"{tally.Rejection.Identity} rejected it"
                : $"only {tally.Accepted.Count} of {tally.Required} required approvals verify with the current policy");
        }

        if (checkDrift)
        {
            var current = await _cluster.GetAsync(claims.Target.ToResourceRef(), cancellationToken).ConfigureAwait(false);
            var version = current?["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (version != claims.ObservedResourceVersion)
            {
                return (null, $"the target drifted since the proof (resourceVersion {claims.ObservedResourceVersion} -> {version ?? "deleted"}); propose the change again");
            }
        }

        return (claims, null);
    }

    /// <summary>
    /// No task here is running this execution (a restart, or an uncertain write): look at the
    /// cluster instead of writing blindly. The target holds the patch and moved on: the write
    /// happened; record it. The target is unchanged: the write never happened; write now if
    /// every check still holds (the precondition keeps it to once). Otherwise: fail.
    /// </summary>
    internal async Task ReconcileAsync(string changeId, CancellationToken cancellationToken)
    {
        var change = await GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        if (change is null || change.State != ChangeState.Executing.ToWire()
            || !await IsForThisClusterAsync(change, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var (claims, _, failure) = ProofCheck.Verify(change, _gateKey.PublicKey);
        if (claims is null)
        {
            await FailAsync(change, $"not executed: {failure}", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await IdentityRefusalAsync(claims, cancellationToken).ConfigureAwait(false) is { } wrongCluster)
        {
            // Not even read: the interrupted write may or may not have reached the cluster it was meant for.
            await FailAsync(change, $"not reconciled: {wrongCluster}; whether the interrupted write took effect is unknown, check {claims.Target} on the cluster it was proven on", cancellationToken).ConfigureAwait(false);
            return;
        }

        var current = await _cluster.GetAsync(claims.Target.ToResourceRef(), cancellationToken).ConfigureAwait(false);
        var version = current?["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (current is not null && version == claims.ObservedResourceVersion)
        {
            var (recheck, refusal) = await RecheckAsync(change, checkDrift: false, cancellationToken).ConfigureAwait(false);
            if (recheck is null)
            {
                await FailAsync(change, $"not executed: {refusal}", cancellationToken).ConfigureAwait(false);
                return;
            }

            await WriteAsync(change, recheck, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (current is not null && PatchHolds(claims.Patch, current))
        {
            var executed = await TryTransitionAsync(change, ChangeState.Executing, ChangeState.Executed,
                c => c with { ResultResourceVersion = version, Outcome = "reconciled: the cluster already holds the change" },
                new JsonObject { ["resourceVersion"] = version, ["reconciled"] = true }, cancellationToken).ConfigureAwait(false);
            if (executed is not null)
            {
                await VerifyAsync(executed, ChangeState.Executed, claims, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await FailAsync(change, current is null
            ? "interrupted during execution, and the target no longer exists"
            : "interrupted during execution, and the target matches neither the proof nor the change; propose it again", cancellationToken).ConfigureAwait(false);
    }

    internal async Task ResumeVerificationAsync(string changeId, ChangeState state, CancellationToken cancellationToken)
    {
        var change = await GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        if (change is null || change.State != state.ToWire())
        {
            return;
        }

        var (claims, _, failure) = ProofCheck.Verify(change, _gateKey.PublicKey);
        if (claims is null)
        {
            var verifying = state == ChangeState.Verifying
                ? change
                : await TryTransitionAsync(change, state, ChangeState.Verifying, c => c, new JsonObject(), cancellationToken).ConfigureAwait(false);
            if (verifying is not null)
            {
                await TryTransitionAsync(verifying, ChangeState.Verifying, ChangeState.VerificationFailed,
                    c => c with { Outcome = $"cannot verify: {failure}" }, new JsonObject { ["reason"] = failure }, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await VerifyAsync(change, state, claims, cancellationToken).ConfigureAwait(false);
    }

    private async Task VerifyAsync(ChangeDocument change, ChangeState from, ProofClaims claims, CancellationToken cancellationToken)
    {
        var verifying = from == ChangeState.Verifying
            ? change
            : await TryTransitionAsync(change, from, ChangeState.Verifying, c => c, new JsonObject(), cancellationToken).ConfigureAwait(false);
        if (verifying is null)
        {
            return;
        }

        if (claims.VerifyExpect is not { } expect)
        {
            await TryTransitionAsync(verifying, ChangeState.Verifying, ChangeState.Verified,
                c => c with { Outcome = "executed; the tool declares nothing to verify" },
                new JsonObject(), cancellationToken).ConfigureAwait(false);
            return;
        }

        var timeout = TimeSpan.FromSeconds(claims.VerifyTimeoutSeconds ?? 0);
        var deadline = verifying.UpdatedAt.GetValueOrDefault(_time.GetUtcNow()) + timeout;
        var target = claims.Target.ToResourceRef();
        ProbeResult last;
        while (true)
        {
            try
            {
                last = await _probe.ProbeAsync(target, expect, cancellationToken).ConfigureAwait(false);
                if (last.Status == ProbeStatus.Done
                    && await _cluster.GetAsync(target, cancellationToken).ConfigureAwait(false) is { } current
                    && !PatchHolds(claims.Patch, current))
                {
                    last = ProbeResult.Failed("the target no longer holds the change: something else changed it after the write");
                }
            }
            catch (ClusterException ex)
            {
                last = ProbeResult.Progressing($"could not observe the target: {ex.Message}");
            }

            if (last.Status != ProbeStatus.Progressing || _time.GetUtcNow() >= deadline)
            {
                break;
            }

            await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        }

        var verified = last.Status == ProbeStatus.Done;
        var outcome = verified
            ? $"verified: {last.Detail}"
            : last.Status == ProbeStatus.Failed
                ? $"verification failed: {last.Detail}"
                : $"verification failed: {expect} not reached within {timeout.TotalSeconds:0.###}s ({last.Detail})";
        await TryTransitionAsync(verifying, ChangeState.Verifying, verified ? ChangeState.Verified : ChangeState.VerificationFailed,
            c => c with { Outcome = outcome },
            new JsonObject { ["expect"] = expect, ["detail"] = last.Detail }, cancellationToken).ConfigureAwait(false);
    }

    private Task<ChangeDocument?> FailAsync(ChangeDocument change, string reason, CancellationToken cancellationToken) =>
        TryTransitionAsync(change, ChangeStates.Parse(change.State), ChangeState.Failed,
            c => c with { Outcome = reason }, new JsonObject { ["reason"] = reason }, cancellationToken);

    private static bool PatchHolds(JsonObject patch, JsonObject current) =>
        Diff(patch, current, patch).Count == 0;
}
