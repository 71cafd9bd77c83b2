using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Operations;
using McpGate.Core.Proofs;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    /// <summary>
    /// An eviction a PodDisruptionBudget refused waits, as <c>kubectl drain</c> does, for the budget
    /// to allow it (the pods evicted before are being replaced elsewhere), until the change's verify
    /// timeout from the first refusal; then the change fails naming the pod, the budget (the server's
    /// refusal names it) and the pods not evicted. Each new refusal is recorded in the ledger.
    /// Returns the change still executing (send the step again) or failed; null when another process took it.
    /// </summary>
    private async Task<ChangeDocument?> AwaitDisruptionBudgetAsync(
        ChangeDocument executing, ProofClaims claims, int index, ClusterException refusal, DisruptionBudgetWait wait, CancellationToken cancellationToken)
    {
        var steps = claims.Request.Steps;
        var step = steps[index];
        var pod = step.Target.ToString();
        wait.Refusals++;
        Log.EvictionWaits(_logger, executing.Id, pod, refusal.Message);
        if (_time.GetUtcNow() >= wait.Until)
        {
            var left = steps.Skip(index).Where(s => s.Verb == WriteVerb.Evict).Select(s => s.Target.ToString()).ToList();
            var timeout = TimeSpan.FromSeconds(claims.VerifyTimeoutSeconds ?? 0);
            return await FailAsync(executing,
                $"not executed: the eviction of pod {pod} was refused by a PodDisruptionBudget for {timeout.TotalSeconds:0}s ({wait.Refusals} refusals): {refusal.Message}; "
                + $"{left.Count} pod(s) not evicted: {string.Join(", ", left)}; steps 1 to {index} of {steps.Count} had run (the node stays cordoned)",
                cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(wait.LastRecorded, $"{pod}\n{refusal.Message}", StringComparison.Ordinal))
        {
            wait.LastRecorded = $"{pod}\n{refusal.Message}";
            var recorded = await TryTransitionAsync(executing, ChangeState.Executing, ChangeState.Executing, c => c,
                new JsonObject { ["pod"] = pod, ["step"] = index + 1, ["refusal"] = refusal.Message, ["waitUntil"] = wait.Until.ToString("O") },
                cancellationToken, LedgerEvents.EvictionRefused).ConfigureAwait(false);
            if (recorded is null)
            {
                return null;
            }

            executing = recorded;
        }

        await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        return executing;
    }
}
