using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// <c>object_matches</c>: the object exists and every field the change applied holds in it
/// (<see cref="AppliedSubset"/>). The write already returned the object, so a field that does not
/// hold was changed by someone else or rewritten by admission: that fails at once.
/// </summary>
internal sealed class ObjectMatchesProbe : IStateProbe
{
    public const string Name = "object_matches";

    private readonly IClusterPort _cluster;

    public ObjectMatchesProbe(IClusterPort cluster) => _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));

    public IReadOnlyCollection<string> Expectations { get; } = [Name];

    public async Task<ProbeResult> ProbeAsync(ProbeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Applied is not { } applied)
        {
            return ProbeResult.Failed($"{Name} compares the object with what the change applied, and this change recorded nothing applied");
        }

        var current = await _cluster.GetAsync(context.Target, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return ProbeResult.Failed($"{context.Target.Resource} {context.Target} does not exist", [new ProbeFact("found", "404 NotFound")]);
        }

        // A Secret's values never reach evidence: the ledger and the change's outcome are readable by the agent.
        var secret = context.Target.Group.Length == 0 && context.Target.Resource == "secrets";
        var mismatches = AppliedSubset.Mismatches(secret ? SecretData.AsStored(applied) : applied, current, showValues: !secret);
        List<ProbeFact> facts =
        [
            new("fieldsChecked", ObjectFields.Text(AppliedSubset.Leaves(applied))),
            new("resourceVersion", ObjectFields.String(current["metadata"]?["resourceVersion"]) ?? "none"),
            new("uid", ObjectFields.Uid(current)),
        ];
        if (mismatches.Count == 0)
        {
            return ProbeResult.Done($"every applied field holds in {context.Target.Resource} {context.Target}", facts);
        }

        facts.Add(new ProbeFact("notHolding", string.Join("; ", mismatches)));
        return ProbeResult.Failed($"{mismatches.Count} applied field(s) do not hold in {context.Target}: {mismatches[0]}", facts);
    }
}
