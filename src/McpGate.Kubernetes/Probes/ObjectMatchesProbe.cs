using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Diff;

namespace McpGate.Kubernetes.Probes;

/// <summary>
/// <c>object_matches</c>: the object exists and every field the change applied holds in it, as
/// <see cref="AppliedFields"/> judges it (list-maps such as containers matched by name, a null
/// holding when the field is absent, strategic-merge directives honoured, status and
/// server-managed metadata ignored). The write already returned the object, so a field that does
/// not hold was changed by someone else or rewritten by admission: that fails at once. A Secret's
/// values are never shown, only the paths.
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
        if (context.Applied is null && context.NotCompared is null)
        {
            return ProbeResult.Failed($"{Name} compares the object with what the change applied, and this change recorded nothing applied");
        }

        var current = await _cluster.GetAsync(context.Target, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return ProbeResult.Failed($"{context.Target.Resource} {context.Target} does not exist", [new ProbeFact("found", "404 NotFound")]);
        }

        if (context.Applied is not { } applied)
        {
            // Nothing comparable (a JSON patch of list positions): say only what was seen.
            return ProbeResult.Done(
                $"{context.Target.Resource} {context.Target} exists at resourceVersion {ObjectFields.String(current["metadata"]?["resourceVersion"]) ?? "none"}; {context.NotCompared}",
                [new ProbeFact("notCompared", context.NotCompared!), new ProbeFact("uid", ObjectFields.Uid(current))],
                ProbeConfidence.Low);
        }

        // A Secret's values never reach evidence: the ledger and the change's outcome are readable by the agent.
        var secret = context.Target.Group.Length == 0 && context.Target.Resource == "secrets";
        var expected = secret ? SecretData.AsStored(applied) : applied;
        List<ProbeFact> facts =
        [
            new("fieldsChecked", ObjectFields.Text(Leaves(expected))),
            new("resourceVersion", ObjectFields.String(current["metadata"]?["resourceVersion"]) ?? "none"),
            new("uid", ObjectFields.Uid(current)),
        ];
        IReadOnlyList<DiffLine> mismatches;
        try
        {
            mismatches = AppliedFields.Mismatches(expected, current);
        }
        catch (UnsupportedPatchDirectiveException ex)
        {
            return ProbeResult.Failed($"{Name} cannot check what the change applied: {ex.Message}", facts, ProbeConfidence.Low);
        }

        if (mismatches.Count == 0)
        {
            if (context.NotCompared is { } left)
            {
                facts.Add(new ProbeFact("notCompared", left));
                return ProbeResult.Done($"every compared field holds in {context.Target.Resource} {context.Target}; {left}", facts, ProbeConfidence.Medium);
            }

            return ProbeResult.Done($"every applied field holds in {context.Target.Resource} {context.Target}", facts);
        }

        var shown = mismatches.Select(m => Describe(m, secret)).ToList();
        facts.Add(new ProbeFact("notHolding", string.Join("; ", shown)));
        return ProbeResult.Failed($"{mismatches.Count} applied field(s) do not hold in {context.Target}: {shown[0]}", facts);
    }

    private static string Describe(DiffLine line, bool secret) =>
        secret ? $"{line.Path}: does not hold (value not shown)"
        : line.To is null ? $"{line.Path}: expected absent, found {Show(line.From)}"
        : $"{line.Path}: expected {Show(line.To)}, found {Show(line.From)}";

    private static string Show(JsonNode? node)
    {
        if (node is null)
        {
            return "nothing";
        }

        var text = node.ToJsonString();
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    /// <summary>How many leaf values the request sets (directives are not fields).</summary>
    private static int Leaves(JsonNode? node) => node switch
    {
        JsonObject o => o.Where(p => !p.Key.StartsWith('$')).Sum(p => Leaves(p.Value)),
        JsonArray a => a.Sum(Leaves),
        _ => 1,
    };
}
