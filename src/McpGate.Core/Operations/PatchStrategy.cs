using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Manifests;

namespace McpGate.Core.Operations;

/// <summary>
/// <c>patch</c> (and <c>scale</c>, its first form): one existing object, patched with the manifest's
/// fields under its observed resourceVersion. A field that selects a list element
/// (<c>containers[name={container}].image</c>) is sent as a strategic merge patch and must name an
/// element that exists: a strategic merge would otherwise add one. With <c>operation.body</c> the patch
/// document is the agent's (<see cref="PatchBody"/>), its type fixed or chosen by a parameter. Inverse: a merge patch restoring
/// every field the dry run showed changing.
/// </summary>
internal sealed class PatchStrategy(string action) : IWriteStrategy
{
    public string Action { get; } = action;

    public async Task<WritePlan> PlanAsync(WriteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Operation.Target;
        var body = context.Tool.Operation.Body is { } parameter
            ? PatchBody.Parse(parameter, context.Operation.Body, context.Operation.PatchType)
            : context.Operation.Patch.DeepClone();
        var observed = await StrategyReads.ExistingAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
        foreach (var path in context.Operation.FieldPaths)
        {
            RequireSelectedElements(observed, path, target);
        }

        return WritePlan.OneStep(Action, new WriteStep
        {
            Verb = WriteVerb.Patch,
            Target = ChangeTarget.From(target),
            PatchType = context.Operation.PatchType,
            Body = body,
            Precondition = WritePrecondition.Of(observed),
        }, observed);
    }

    public WriteInverse Inverse(WritePlan plan, IReadOnlyList<JsonObject?> dryRuns) => StrategyReads.RestoreObserved(plan, dryRuns);

    /// <summary>Every list element a field selects must exist in the object: a strategic merge patch would add a missing one.</summary>
    private static void RequireSelectedElements(JsonObject observed, IReadOnlyList<FieldPathSegment> path, ResourceRef target)
    {
        JsonNode? current = observed;
        for (var i = 0; i < path.Count; i++)
        {
            var segment = path[i];
            var next = (current as JsonObject)?[segment.Name];
            if (!segment.SelectsElement)
            {
                current = next;
                continue;
            }

            var elements = (next as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            var match = elements.FirstOrDefault(e => e[segment.Key!] is JsonValue v && v.TryGetValue<string>(out var s) && s == segment.Value);
            if (match is null)
            {
                var existing = elements.Select(e => e[segment.Key!]?.ToString()).OfType<string>().ToList();
                throw new ProposalException(
                    $"{target.Resource} {target} has no {FieldPath.Describe(path.Take(i))}{(i > 0 ? "." : string.Empty)}{segment.Name} element with {segment.Key} {segment.Value}"
                    + (existing.Count == 0 ? " (the list is empty)" : $" (it has: {string.Join(", ", existing)})"));
            }

            current = match;
        }
    }
}
