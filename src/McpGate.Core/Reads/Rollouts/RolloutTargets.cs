namespace McpGate.Core.Reads.Rollouts;

/// <summary>The workload a rollout read names: a Deployment, StatefulSet or DaemonSet in a namespace.</summary>
internal static class RolloutTargets
{
    private static readonly string[] s_resources = ["deployments", "statefulsets", "daemonsets"];

    /// <exception cref="ReadException">The manifest or the call names another kind.</exception>
    public static async Task<ReadTarget> ResolveAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        var target = await ReadTarget.ResolveAsync(request, context, cancellationToken).ConfigureAwait(false);
        return target.Ref.Group == "apps" && s_resources.Contains(target.Ref.Resource, StringComparer.Ordinal)
            ? target
            : throw new ReadException($"{target.Kind} has no rollout: rollouts are of deployments, statefulsets and daemonsets.");
    }
}
