using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// <c>node_drained</c>: the node is still cordoned and no pod is left on it except those
/// <c>kubectl drain</c> leaves: DaemonSet-owned pods and mirror (static) pods. Pods still
/// terminating count as left. A node uncordoned again fails at once.
/// </summary>
/// <remarks>
/// The port lists without field selectors, so the probe lists pods in all namespaces and keeps those
/// with <c>spec.nodeName</c> = the node; a port with field selectors should ask for
/// <c>spec.nodeName=NODE</c> instead, as kubectl drain does.
/// </remarks>
internal sealed class NodeDrainedProbe : IStateProbe
{
    public const string Name = "node_drained";
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    /// <summary>At most this many remaining pods are named in the evidence.</summary>
    private const int Named = 10;

    private static readonly ResourceRef s_allPods = new() { Group = string.Empty, Version = "v1", Resource = "pods" };

    private readonly IClusterPort _cluster;

    public NodeDrainedProbe(IClusterPort cluster) => _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));

    public IReadOnlyCollection<string> Expectations { get; } = [Name];

    public async Task<ProbeResult> ProbeAsync(ProbeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Target.Group.Length != 0 || context.Target.Resource != "nodes")
        {
            return ProbeResult.Failed($"{Name} judges nodes, not {context.Target.ApiVersion} {context.Target.Resource}");
        }

        var nodeName = context.Target.Name;
        var node = await _cluster.GetAsync(context.Target, cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return ProbeResult.Failed($"node {nodeName} no longer exists");
        }

        var facts = NodeSchedulabilityProbe.Facts(node);
        if (!ObjectFields.Bool(node["spec"]?["unschedulable"]))
        {
            return ProbeResult.Failed($"node {nodeName} is schedulable again: a drained node must stay cordoned", facts);
        }

        var onNode = ObjectFields.Items(await _cluster.ListAsync(s_allPods, cancellationToken: cancellationToken).ConfigureAwait(false))
            .Where(p => ObjectFields.String(p["spec"]?["nodeName"]) == nodeName)
            .ToList();
        var daemons = onNode.Count(p => ObjectFields.OwnedByKind(p, "DaemonSet"));
        var mirrors = onNode.Count(IsMirror);
        var left = onNode.Where(p => !ObjectFields.OwnedByKind(p, "DaemonSet") && !IsMirror(p)).ToList();
        facts.Add(new ProbeFact("podsLeft", ObjectFields.Text(left.Count)));
        facts.Add(new ProbeFact("daemonSetPods", ObjectFields.Text(daemons)));
        facts.Add(new ProbeFact("mirrorPods", ObjectFields.Text(mirrors)));
        if (left.Count == 0)
        {
            return ProbeResult.Done($"node {nodeName} is cordoned and drained ({daemons} DaemonSet and {mirrors} mirror pods stay)", facts);
        }

        facts.Add(new ProbeFact("remaining", string.Join(", ", left.Take(Named).Select(Describe)) + (left.Count > Named ? $", +{left.Count - Named} more" : string.Empty)));
        var terminating = left.Count(p => p["metadata"]?["deletionTimestamp"] is not null);
        return ProbeResult.Progressing($"{left.Count} pod(s) still on node {nodeName} ({terminating} terminating)", facts);
    }

    private static bool IsMirror(JsonObject pod) => pod["metadata"]?["annotations"]?[MirrorAnnotation] is not null;

    private static string Describe(JsonObject pod) =>
        $"{ObjectFields.String(pod["metadata"]?["namespace"])}/{ObjectFields.Name(pod)}{(pod["metadata"]?["deletionTimestamp"] is not null ? " (terminating)" : string.Empty)}";
}
