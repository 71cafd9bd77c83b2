using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// <c>object_gone</c>: the object is gone (404). Still present with a deletionTimestamp it is being
/// deleted (finalizers pending): progressing. When the signed request names the deleted object's uid
/// (DeleteOptions <c>preconditions.uid</c>), an object under the same name with another uid is a new
/// one: the deleted object is gone, with medium confidence.
/// </summary>
internal sealed class ObjectGoneProbe : IStateProbe
{
    public const string Name = "object_gone";

    private readonly IClusterPort _cluster;

    public ObjectGoneProbe(IClusterPort cluster) => _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));

    public IReadOnlyCollection<string> Expectations { get; } = [Name];

    public async Task<ProbeResult> ProbeAsync(ProbeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = await _cluster.GetAsync(context.Target, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return ProbeResult.Done($"{context.Target.Resource} {context.Target} is gone", [new ProbeFact("found", "404 NotFound")]);
        }

        var uid = ObjectFields.Uid(current);
        var deleted = ObjectFields.String(context.Applied?["preconditions"]?["uid"]) ?? ObjectFields.String(context.Applied?["metadata"]?["uid"]);
        List<ProbeFact> facts = [new("uid", uid)];
        if (deleted is not null && deleted != uid)
        {
            facts.Add(new ProbeFact("deletedUid", deleted));
            return ProbeResult.Done($"{context.Target} {deleted} is gone; an object of the same name was created since (uid {uid})", facts, ProbeConfidence.Medium);
        }

        if (ObjectFields.String(current["metadata"]?["deletionTimestamp"]) is { } since)
        {
            facts.Add(new ProbeFact("deletionTimestamp", since));
            var finalizers = string.Join(", ", (current["metadata"]?["finalizers"] as System.Text.Json.Nodes.JsonArray ?? []).Select(ObjectFields.String));
            if (finalizers.Length > 0)
            {
                facts.Add(new ProbeFact("finalizers", finalizers));
            }

            return ProbeResult.Progressing($"{context.Target} is being deleted{(finalizers.Length > 0 ? $", waiting for finalizers {finalizers}" : string.Empty)}", facts);
        }

        return ProbeResult.Progressing($"{context.Target} is still present and not being deleted", facts);
    }
}
