using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// <c>rollout_complete</c> for Deployments, as <c>kubectl rollout status</c> judges it: the
/// controller has seen the latest generation, and updated, ready and available replicas all
/// equal the desired count with no old replicas left. A <c>ProgressDeadlineExceeded</c>
/// condition fails at once.
/// </summary>
public sealed class DeploymentRolloutProbe : IStateProbe
{
    public const string RolloutComplete = VerifyExpectations.RolloutComplete;

    private readonly IClusterPort _cluster;

    public DeploymentRolloutProbe(IClusterPort cluster) => _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));

    public IReadOnlyCollection<string> Expectations { get; } = [RolloutComplete];

    public async Task<ProbeResult> ProbeAsync(ResourceRef target, string expectation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (expectation != RolloutComplete)
        {
            return ProbeResult.Failed($"unknown expectation '{expectation}' (known: {RolloutComplete})");
        }

        var obj = await _cluster.GetAsync(target, cancellationToken).ConfigureAwait(false);
        return obj is null ? ProbeResult.Failed($"{target.Resource} {target} no longer exists") : Judge(obj);
    }

    internal static ProbeResult Judge(JsonObject deployment)
    {
        var generation = Long(deployment["metadata"]?["generation"]);
        var status = deployment["status"] as JsonObject;
        var observed = Long(status?["observedGeneration"]);
        var desired = deployment["spec"]?["replicas"] is { } r ? Long(r) : 1;
        var updated = Long(status?["updatedReplicas"]);
        var ready = Long(status?["readyReplicas"]);
        var available = Long(status?["availableReplicas"]);
        var total = Long(status?["replicas"]);
        var counts = $"{ready}/{desired} ready, {updated} updated, {available} available";

        // As kubectl rollout status: first the controller must have seen this generation, so a
        // condition left over from an earlier rollout is never mistaken for this one's.
        if (observed < generation)
        {
            return ProbeResult.Progressing($"waiting for the controller to observe generation {generation} (seen {observed})");
        }

        if (status?["conditions"] is JsonArray conditions
            && conditions.OfType<JsonObject>().Any(c => c["type"]?.GetValue<string>() == "Progressing"
                && c["reason"]?.GetValue<string>() == "ProgressDeadlineExceeded"))
        {
            return ProbeResult.Failed($"rollout exceeded its progress deadline ({counts})");
        }

        if (updated < desired || total > updated || available < updated || ready < desired)
        {
            return ProbeResult.Progressing(counts);
        }

        return ProbeResult.Done($"rollout complete: {counts}, generation {generation}");
    }

    private static long Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l
        : node is JsonValue d && d.TryGetValue<double>(out var x) ? (long)x
        : 0;
}
