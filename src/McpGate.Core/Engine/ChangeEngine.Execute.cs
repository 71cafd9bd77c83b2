using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Diff;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// Executes an approved change exactly once: claims it (approved -> executing, a
    /// compare-and-set on the state and the executor claim in one ledger transaction), renews the
    /// claim's lease while it works, re-checks proof, the ledger's evidence of approval, policy and
    /// drift, then writes what the signed proof says, with its resourceVersion as precondition, and verifies.
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

        var renewal = RenewClaim(changeId, cancellationToken);
        await using var renewing = renewal.ConfigureAwait(false);
        var token = renewal.Token;
        ProofClaims? claims;
        string? refusal;
        try
        {
            (claims, refusal) = await RecheckAsync(executing, checkDrift: true, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            (claims, refusal) = (null, $"the checks before execution could not run ({ex.Message})");
        }

        if (claims is null)
        {
            await FailAsync(executing, $"not executed: {refusal}", token).ConfigureAwait(false);
            return;
        }

        await WriteAsync(executing, claims, token).ConfigureAwait(false);
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

        if (await ProveApprovedAsync(change, claims, digest, ChangeState.Executing, cancellationToken).ConfigureAwait(false) is { } unproven)
        {
            return (null, unproven);
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
        var context = new ProbeContext { Target = target, Expectation = expect, Applied = (JsonObject)claims.Patch.DeepClone() };
        ProbeResult last;
        while (true)
        {
            try
            {
                last = await _probe.ProbeAsync(context, cancellationToken).ConfigureAwait(false);
                if (last.Status == ProbeStatus.Done
                    && await _cluster.GetAsync(target, cancellationToken).ConfigureAwait(false) is { } current
                    && !PatchHolds(claims.Patch, current))
                {
                    last = last with { Status = ProbeStatus.Failed, Detail = "the target no longer holds the change: something else changed it after the write" };
                }
            }
            catch (ClusterException ex)
            {
                last = ProbeResult.Progressing($"could not observe the target: {ex.Message}", [new ProbeFact("error", ex.Kind.ToString())]);
            }

            if (last.Status != ProbeStatus.Progressing || _time.GetUtcNow() >= deadline)
            {
                break;
            }

            await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        }

        var verified = last.Status == ProbeStatus.Done;
        await TryTransitionAsync(verifying, ChangeState.Verifying, verified ? ChangeState.Verified : ChangeState.VerificationFailed,
            c => c with { Outcome = VerificationRecord.Outcome(expect, timeout, last) },
            VerificationRecord.Payload(expect, timeout, last), cancellationToken).ConfigureAwait(false);
    }

    private Task<ChangeDocument?> FailAsync(ChangeDocument change, string reason, CancellationToken cancellationToken) =>
        TryTransitionAsync(change, ChangeStates.Parse(change.State), ChangeState.Failed,
            c => c with { Outcome = reason }, new JsonObject { ["reason"] = reason }, cancellationToken);

    private static bool PatchHolds(JsonObject patch, JsonObject current) =>
        AppliedFields.Hold(patch, current);
}
