using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Operations;
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
        if (approved is null || approved.State is not (ChangeState.Approved or ChangeState.Waiting)
            || !await IsForThisClusterAsync(approved, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // Taking the claim is the compare-and-set an approver's cancel races with: one of them wins.
        var executing = await TryTransitionAsync(approved, approved.State, ChangeState.Executing, c => c with { Waiting = null },
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

    /// <summary>
    /// Sends the signed steps in order, each under its precondition, from <paramref name="first"/> on
    /// (a recovered execution skips the steps that already took effect). A refusal fails the
    /// change and says which steps had run; an uncertain outcome (timeout, 5xx, dropped
    /// connection) leaves it executing for reconciliation.
    /// </summary>
    private async Task WriteAsync(ChangeDocument executing, ProofClaims claims, CancellationToken cancellationToken, int first = 0)
    {
        var steps = claims.Request.Steps;
        string? version = null;
        DisruptionBudgetWait? budgets = null;
        for (var i = first; i < steps.Count; i++)
        {
            var step = steps[i];
            var ran = i == 0 ? string.Empty : $" (steps 1 to {i} of {steps.Count} had run)";
            JsonObject? result;
            try
            {
                result = await WriteSteps.ExecuteAsync(_cluster, step, cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterException ex) when (step.Verb == WriteVerb.Evict && ex.Kind is ClusterErrorKind.NotFound or ClusterErrorKind.Conflict)
            {
                // The pod is gone, or replaced under its name (the uid precondition failed): the pod the proof named is evicted.
                continue;
            }
            catch (ClusterException ex) when (step.Verb == WriteVerb.Evict && ex.Kind == ClusterErrorKind.DisruptionBudget)
            {
                budgets ??= new DisruptionBudgetWait(_time.GetUtcNow() + TimeSpan.FromSeconds(claims.VerifyTimeoutSeconds ?? 0));
                if (await AwaitDisruptionBudgetAsync(executing, claims, i, ex, budgets, cancellationToken).ConfigureAwait(false) is not { } waited
                    || waited.State != ChangeState.Executing)
                {
                    return;
                }

                executing = waited;
                i--;
                continue;
            }
            catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.Conflict)
            {
                var which = steps.Count == 1 ? "the target" : $"{step.Target.Resource} {step.Target}";
                await FailAsync(executing, $"not executed: {which} changed after the proof ({PreconditionText(step)}){ran}; propose the change again", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ClusterException ex) when (ex.Kind is ClusterErrorKind.Invalid or ClusterErrorKind.Forbidden or ClusterErrorKind.Unauthorized
                or ClusterErrorKind.NotFound or ClusterErrorKind.AlreadyExists or ClusterErrorKind.DisruptionBudget)
            {
                var which = steps.Count == 1 ? string.Empty : $" at {step}";
                await FailAsync(executing, $"not executed: the cluster refused the write{which} ({ex.Kind}): {ex.Message}{ran}", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ClusterException ex)
            {
                // Timeout, 5xx, dropped connection: the server may have applied it. Leave the change
                // executing; the next pass looks at the cluster and records what really happened.
                Log.UncertainWrite(_logger, executing.Id, ex.Kind.ToString(), ex);
                return;
            }

            if (i == 0)
            {
                version = result?["metadata"]?["resourceVersion"]?.GetValue<string>();
            }
        }

        var executed = await TryTransitionAsync(executing, ChangeState.Executing, ChangeState.Executed,
            c => c with { ResultResourceVersion = version ?? c.ResultResourceVersion },
            new JsonObject { ["resourceVersion"] = version }, cancellationToken).ConfigureAwait(false);
        if (executed is not null)
        {
            await VerifyAsync(executed, ChangeState.Executed, claims, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string PreconditionText(WriteStep step) => step.Precondition switch
    {
        { Absent: true } => "it was to be created, but exists now",
        { ResourceVersion: { } rv } => $"resourceVersion is no longer {rv}",
        { Uid: { } uid } => $"it is no longer the object with uid {uid}",
        _ => "its precondition failed",
    };

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
            foreach (var step in claims.Request.Steps)
            {
                var current = await _cluster.GetAsync(step.Target.ToResourceRef(), cancellationToken).ConfigureAwait(false);
                if (step.Precondition.Violation(current) is not { } violation
                    || (step.Verb == WriteVerb.Evict && WriteSteps.TookEffect(step, current) == true))
                {
                    // A pod to evict that is gone or replaced already is no drift: the drain wanted it off the node.
                    continue;
                }

                return claims.Request.Steps.Count == 1 && step.Precondition.ResourceVersion is { } observed && !step.Precondition.Absent
                    && !violation.StartsWith("it was replaced", StringComparison.Ordinal)
                    ? (null, $"the target drifted since the proof (resourceVersion {observed} -> {current?["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "deleted"}); propose the change again")
                    : (null, $"{step.Target.Resource} {step.Target} drifted since the proof ({violation}); propose the change again");
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
        var probed = claims.Request.Steps.Where(s => s.Verb != WriteVerb.Evict).ToList();
        ProbeResult last;
        while (true)
        {
            last = await ProbeStepsAsync(probed, expect, cancellationToken).ConfigureAwait(false);
            if (last.Status != ProbeStatus.Progressing || _time.GetUtcNow() >= deadline)
            {
                break;
            }

            await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        }

        var verified = last.Status == ProbeStatus.Done;
        var outcome = VerificationRecord.Outcome(expect, timeout, last);
        var payload = VerificationRecord.Payload(expect, timeout, last);
        string? rollbackId = null;
        if (!verified)
        {
            rollbackId = await ProposeRollbackAsync(verifying, claims, outcome, cancellationToken).ConfigureAwait(false);
            if (rollbackId is not null)
            {
                payload["rollbackChangeId"] = rollbackId;
            }
        }

        await TryTransitionAsync(verifying, ChangeState.Verifying, verified ? ChangeState.Verified : ChangeState.VerificationFailed,
            c => c with { Outcome = rollbackId is null ? outcome : $"{outcome}; rollback {rollbackId} proposed (it needs its own approval)", RollbackChangeId = rollbackId },
            payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One look at every probed step's target: failed if any failed, progressing if any is still on
    /// its way, done when all are (and each still holds what its step set: something else may have changed it).
    /// </summary>
    private async Task<ProbeResult> ProbeStepsAsync(List<WriteStep> steps, string expect, CancellationToken cancellationToken)
    {
        if (steps.Count == 0)
        {
            return ProbeResult.Done("the change left no object to observe");
        }

        var results = new List<ProbeResult>();
        foreach (var step in steps)
        {
            ProbeResult result;
            var target = step.Target.ToResourceRef();
            try
            {
                result = await _probe.ProbeAsync(new ProbeContext { Target = target, Expectation = expect, Applied = WriteSteps.Applied(step) ?? WriteSteps.Identity(step), NotCompared = WriteSteps.NotCompared(step) }, cancellationToken).ConfigureAwait(false);
                if (result.Status == ProbeStatus.Done
                    && await _cluster.GetAsync(target, cancellationToken).ConfigureAwait(false) is { } current
                    && WriteSteps.Holds(step, current) == false)
                {
                    result = result with { Status = ProbeStatus.Failed, Detail = "the target no longer holds the change: something else changed it after the write" };
                }
            }
            catch (ClusterException ex)
            {
                result = ProbeResult.Progressing($"could not observe the target: {ex.Message}", [new ProbeFact("error", ex.Kind.ToString())]);
            }

            if (steps.Count == 1 || result.Status == ProbeStatus.Failed)
            {
                return steps.Count == 1 ? result : result with { Detail = $"{step.Target.Resource} {step.Target}: {result.Detail}" };
            }

            results.Add(result with { Detail = $"{step.Target.Resource} {step.Target}: {result.Detail}" });
        }

        var waiting = results.FirstOrDefault(r => r.Status == ProbeStatus.Progressing);
        return waiting ?? ProbeResult.Done(
            string.Join("; ", results.Select(r => r.Detail)),
            [.. results.SelectMany(r => r.Evidence)],
            results.Min(r => r.Confidence));
    }

    private Task<ChangeDocument?> FailAsync(ChangeDocument change, string reason, CancellationToken cancellationToken) =>
        TryTransitionAsync(change, change.State, ChangeState.Failed,
            c => c with { Outcome = reason }, new JsonObject { ["reason"] = reason }, cancellationToken);

}
