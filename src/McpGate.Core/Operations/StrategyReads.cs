using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;

namespace McpGate.Core.Operations;

/// <summary>Reads and inverses several strategies share.</summary>
internal static class StrategyReads
{
    /// <summary>The object, which must exist.</summary>
    /// <exception cref="ProposalException">It does not exist.</exception>
    public static async Task<JsonObject> ExistingAsync(IClusterPort cluster, ResourceRef target, CancellationToken cancellationToken)
    {
        try
        {
            return await cluster.GetAsync(target, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(cluster, target, null);
        }
        catch (ClusterException ex) when (ex.Kind == ClusterErrorKind.NotFound)
        {
            throw NotFound(cluster, target, ex);
        }
    }

    /// <summary>For every step that changed an existing object: a merge patch back to what was observed.</summary>
    public static WriteInverse RestoreObserved(WritePlan plan, IReadOnlyList<JsonObject?> dryRuns)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(dryRuns);
        var steps = new List<WriteStep>();
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var (step, observed) = (plan.Steps[i].Step, plan.Steps[i].Observed);
            if (observed is null || dryRuns[i] is not { } after)
            {
                continue;
            }

            var restore = InversePatch.Between(after, observed);
            if (restore.Count > 0)
            {
                steps.Add(new WriteStep
                {
                    Verb = WriteVerb.Patch,
                    Target = step.Target,
                    PatchType = PatchType.Merge,
                    Body = restore,
                    Precondition = new WritePrecondition(),
                });
            }
        }

        return WriteInverse.Of(steps);
    }

    private static ProposalException NotFound(IClusterPort cluster, ResourceRef target, Exception? inner) => inner is null
        ? new ProposalException($"{target.Resource} {target} was not found on cluster {cluster.ClusterName}; check the namespace and name (a list tool shows what exists).")
        : new ProposalException($"{target.Resource} {target} was not found on cluster {cluster.ClusterName}: {inner.Message}", inner);
}
