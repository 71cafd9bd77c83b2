using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// Executes an approved change exactly once: claims it (approved -> executing, a
    /// compare-and-set in the ledger), re-checks proof, approvals, policy and drift, writes with
    /// the proof's resourceVersion as precondition, then verifies the outcome.
    /// </summary>
    internal async Task ExecuteAsync(string changeId, CancellationToken cancellationToken)
    {
        var approved = await GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        if (approved is null || approved.State != ChangeState.Approved.ToWire())
        {
            return;
        }

        var executing = await TryTransitionAsync(approved, ChangeState.Approved, ChangeState.Executing, c => c,
            new JsonObject(), cancellationToken).ConfigureAwait(false);
        if (executing is null)
        {
            return;
        }

        var refusal = await RecheckAsync(executing, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            await FailAsync(executing, $"not executed: {refusal}", cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteAsync(executing, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(ChangeDocument executing, CancellationToken cancellationToken)
    {
        JsonObject result;
        try
        {
            result = await _cluster.PatchAsync(executing.Target.ToResourceRef(), (JsonObject)executing.Patch.DeepClone(),
                executing.ObservedResourceVersion, dryRun: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.Conflict)
        {
            await FailAsync(executing, $"not executed: the target changed after the proof (resourceVersion is no longer {executing.ObservedResourceVersion}); propose the change again", cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ClusterException ex)
        {
            await FailAsync(executing, $"the cluster refused the write ({ex.Kind}): {ex.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var version = result["metadata"]?["resourceVersion"]?.GetValue<string>();
        var executed = await TryTransitionAsync(executing, ChangeState.Executing, ChangeState.Executed,
            c => c with { ResultResourceVersion = version },
            new JsonObject { ["resourceVersion"] = version }, cancellationToken).ConfigureAwait(false);
        if (executed is not null)
        {
            await VerifyAsync(executed, ChangeState.Executed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Why the change must not run now, or null when every check still holds.</summary>
    private async Task<string?> RecheckAsync(ChangeDocument change, CancellationToken cancellationToken)
    {
        var proof = ProofVerifier.Verify(change.ProofEnvelope ?? string.Empty, _gateKey.PublicKey, requireSignature: true);
        if (!proof.Succeeded)
        {
            return $"the proof does not verify: {proof.Failure}";
        }

        if (proof.Digest?.ToString() != change.ProofDigest)
        {
            return "the stored proof digest does not match the proof";
        }

        var now = _time.GetUtcNow();
        if (change.ExpiresAt is { } expiry && expiry <= now)
        {
            return $"the proof expired at {expiry:O}";
        }

        var envelopes = await SubmittedApprovals.ReadAsync(_ledger, change.Id, cancellationToken).ConfigureAwait(false);
        var tally = ApprovalTally.Count(change, envelopes, _approvers);
        if (!tally.QuorumMet)
        {
            return tally.Rejection is not null
                ? $"{tally.Rejection.Identity} rejected it"
                : $"{tally.Accepted.Count} of {tally.Required} required approvals verify";
        }

        var decision = _evaluator.Evaluate(new PolicyRequest
        {
            Tool = change.Tool,
            Access = ToolAccess.Write,
            Namespace = change.Target.Namespace,
            Cluster = change.Cluster,
            Requester = change.Requester,
            Arguments = ArgumentValues(change.Arguments),
            Time = now,
        });
        if (!decision.Allowed)
        {
            return $"policy now denies it ({decision.RuleName}: {decision.Reason})";
        }

        var current = await _cluster.GetAsync(change.Target.ToResourceRef(), cancellationToken).ConfigureAwait(false);
        var version = current?["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (version != change.ObservedResourceVersion)
        {
            return $"the target drifted since the proof (resourceVersion {change.ObservedResourceVersion} -> {version ?? "deleted"}); propose the change again";
        }

        return null;
    }

    /// <summary>
    /// A previous run stopped mid-execution: look at the cluster instead of writing blindly.
    /// Unchanged target: the write never happened, so write now (the precondition still makes it
    /// once). Target already holds the patch: it happened; record it. Otherwise: fail.
    /// </summary>
    internal async Task ReconcileAsync(string changeId, CancellationToken cancellationToken)
    {
        var change = await GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        if (change is null || change.State != ChangeState.Executing.ToWire())
        {
            return;
        }

        var current = await _cluster.GetAsync(change.Target.ToResourceRef(), cancellationToken).ConfigureAwait(false);
        var version = current?["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (current is not null && version == change.ObservedResourceVersion)
        {
            await WriteAsync(change, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (current is not null && PatchHolds(change.Patch, current))
        {
            var executed = await TryTransitionAsync(change, ChangeState.Executing, ChangeState.Executed,
                c => c with { ResultResourceVersion = version, Outcome = "reconciled after a restart: the cluster already holds the change" },
                new JsonObject { ["resourceVersion"] = version, ["reconciled"] = true }, cancellationToken).ConfigureAwait(false);
            if (executed is not null)
            {
                await VerifyAsync(executed, ChangeState.Executed, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await FailAsync(change, "interrupted during execution, and the target no longer matches either the proof or the change; propose it again", cancellationToken).ConfigureAwait(false);
    }

    internal async Task ResumeVerificationAsync(string changeId, ChangeState state, CancellationToken cancellationToken)
    {
        var change = await GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        if (change is not null && change.State == state.ToWire())
        {
            await VerifyAsync(change, state, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task VerifyAsync(ChangeDocument change, ChangeState from, CancellationToken cancellationToken)
    {
        var verifying = from == ChangeState.Verifying
            ? change
            : await TryTransitionAsync(change, from, ChangeState.Verifying, c => c, new JsonObject(), cancellationToken).ConfigureAwait(false);
        if (verifying is null)
        {
            return;
        }

        if (verifying.Verify is not { } expectation)
        {
            await TryTransitionAsync(verifying, ChangeState.Verifying, ChangeState.Verified,
                c => c with { Outcome = "executed; the tool declares nothing to verify" },
                new JsonObject(), cancellationToken).ConfigureAwait(false);
            return;
        }

        var deadline = verifying.UpdatedAt.GetValueOrDefault(_time.GetUtcNow()) + TimeSpan.FromSeconds(expectation.TimeoutSeconds);
        var target = verifying.Target.ToResourceRef();
        ProbeResult last;
        while (true)
        {
            try
            {
                last = await _probe.ProbeAsync(target, expectation.Expect, cancellationToken).ConfigureAwait(false);
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
                : $"verification failed: {expectation.Expect} not reached within {expectation.TimeoutSeconds:0.###}s ({last.Detail})";
        await TryTransitionAsync(verifying, ChangeState.Verifying, verified ? ChangeState.Verified : ChangeState.VerificationFailed,
            c => c with { Outcome = outcome },
            new JsonObject { ["expect"] = expectation.Expect, ["detail"] = last.Detail }, cancellationToken).ConfigureAwait(false);
    }

    private Task<ChangeDocument?> FailAsync(ChangeDocument change, string reason, CancellationToken cancellationToken) =>
        TryTransitionAsync(change, ChangeStates.Parse(change.State), ChangeState.Failed,
            c => c with { Outcome = reason }, new JsonObject { ["reason"] = reason }, cancellationToken);

    private static bool PatchHolds(JsonObject patch, JsonObject current) =>
        Diff(patch, current, patch).Count == 0;

    private static Dictionary<string, object?> ArgumentValues(JsonObject arguments)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, node) in arguments)
        {
            values[name] = node switch
            {
                JsonValue v when v.TryGetValue<long>(out var l) => l,
                JsonValue v when v.TryGetValue<double>(out var d) => d,
                JsonValue v when v.TryGetValue<bool>(out var b) => b,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => node?.ToJsonString(),
            };
        }

        return values;
    }
}
