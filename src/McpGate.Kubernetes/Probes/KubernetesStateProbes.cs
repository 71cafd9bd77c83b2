using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// The verification probes McpGate ships, by the <c>verify.expect</c> name a manifest uses. A gate
/// builds the registry once at start; manifests naming anything else fail to load.
/// </summary>
public static class KubernetesStateProbes
{
    /// <summary>Every name <see cref="Create"/> registers, known before any cluster is reached (for configuration checks).</summary>
    public static IReadOnlyCollection<string> Names { get; } =
    [
        JobCompleteProbe.Name,
        NodeDrainedProbe.Name,
        NodeSchedulabilityProbe.Schedulable,
        NodeSchedulabilityProbe.Unschedulable,
        ObjectGoneProbe.Name,
        ObjectMatchesProbe.Name,
        RolloutCompleteProbe.Name,
    ];

    public static StateProbeRegistry Create(IClusterPort cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new StateProbeRegistry(
        [
            new RolloutCompleteProbe(cluster),
            new ObjectMatchesProbe(cluster),
            new ObjectGoneProbe(cluster),
            new JobCompleteProbe(cluster),
            new NodeSchedulabilityProbe(cluster),
            new NodeDrainedProbe(cluster),
        ]);
    }
}
