using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// <c>node_unschedulable</c> and <c>node_schedulable</c>: the node's <c>spec.unschedulable</c> is
/// true (cordoned) or not. The field is set by the write itself, so the wrong value fails at once:
/// someone else changed it. Evidence: the field, the <c>node.kubernetes.io/unschedulable</c> taint
/// the node lifecycle controller adds to a cordoned node, and the Ready condition.
/// </summary>
internal sealed class NodeSchedulabilityProbe : IStateProbe
{
    public const string Unschedulable = "node_unschedulable";
    public const string Schedulable = "node_schedulable";
    public const string UnschedulableTaint = "node.kubernetes.io/unschedulable";

    private readonly IClusterPort _cluster;

    public NodeSchedulabilityProbe(IClusterPort cluster) => _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));

    public IReadOnlyCollection<string> Expectations { get; } = [Unschedulable, Schedulable];

    public async Task<ProbeResult> ProbeAsync(ProbeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Target.Group.Length != 0 || context.Target.Resource != "nodes")
        {
            return ProbeResult.Failed($"{context.Expectation} judges nodes, not {context.Target.ApiVersion} {context.Target.Resource}");
        }

        var node = await _cluster.GetAsync(context.Target, cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return ProbeResult.Failed($"node {context.Target.Name} no longer exists");
        }

        var cordoned = ObjectFields.Bool(node["spec"]?["unschedulable"]);
        var facts = Facts(node);
        var wanted = context.Expectation == Unschedulable;
        return cordoned == wanted
            ? ProbeResult.Done($"node {context.Target.Name} is {(cordoned ? "unschedulable (cordoned)" : "schedulable")}", facts)
            : ProbeResult.Failed($"node {context.Target.Name} is {(cordoned ? "unschedulable" : "schedulable")}, not {(wanted ? "unschedulable" : "schedulable")}: something else changed spec.unschedulable", facts);
    }

    /// <summary>spec.unschedulable, the cordon taint and readiness.</summary>
    public static List<ProbeFact> Facts(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var tainted = (node["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>().Any(t => ObjectFields.String(t["key"]) == UnschedulableTaint);
        return
        [
            new("spec.unschedulable", ObjectFields.Bool(node["spec"]?["unschedulable"]) ? "true" : "false"),
            new("unschedulableTaint", tainted ? "present" : "absent"),
            new("ready", ObjectFields.String(ObjectFields.Condition(node, "Ready")?["status"]) ?? "Unknown"),
        ];
    }
}
