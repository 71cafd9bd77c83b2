using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Engine;
using McpGate.Core.Manifests;

namespace McpGate.Core.Operations;

/// <summary>
/// <c>delete</c>: one existing object, deleted under its observed uid and resourceVersion (an object
/// replaced or changed since the proof is not deleted), with the manifest's propagation (background
/// unless <c>operation.propagation</c> says otherwise). Inverse: the object created again from the
/// snapshot the proof observed, without what the server owns; none for an object a controller owns
/// (its controller creates a new one by itself).
/// </summary>
internal sealed class DeleteStrategy : IWriteStrategy
{
    /// <summary>Metadata the server sets: a created object may not carry it.</summary>
    private static readonly string[] s_serverMetadata =
        ["uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"];

    public string Action => "delete";

    public async Task<WritePlan> PlanAsync(WriteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Operation.Target;
        var observed = await StrategyReads.ExistingAsync(context.Cluster, target, cancellationToken).ConfigureAwait(false);
        if (observed["metadata"]?["deletionTimestamp"] is not null)
        {
            throw new ProposalException($"{target.Resource} {target} is already being deleted (it has a deletionTimestamp); wait for it to go.");
        }

        return WritePlan.OneStep(Action, new WriteStep
        {
            Verb = WriteVerb.Delete,
            Target = ChangeTarget.From(target),
            Precondition = WritePrecondition.Of(observed),
            Propagation = Propagation(context.Tool, context.Arguments),
        }, observed);
    }

    public WriteInverse Inverse(WritePlan plan, IReadOnlyList<JsonObject?> dryRuns)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var planned = plan.Steps[0];
        if (planned.Observed is not { } observed)
        {
            return WriteInverse.None("the object was not observed");
        }

        if ((observed["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => r["controller"] is JsonValue v && v.TryGetValue<bool>(out var c) && c) is { } owner)
        {
            return WriteInverse.None(
                $"{planned.Step.Target.Resource} {planned.Step.Target} is controlled by {owner["kind"]} {owner["name"]}, which creates a replacement by itself; creating it again would fight the controller");
        }

        return WriteInverse.Of(
        [
            new WriteStep
            {
                Verb = WriteVerb.Create,
                Target = planned.Step.Target,
                Body = Recreatable(observed),
                Precondition = WritePrecondition.MustNotExist,
            },
        ]);
    }

    /// <summary>The propagation a tool call asks for: the manifest's literal, or its enum parameter's value; background by default.</summary>
    internal static DeletePropagation Propagation(ToolManifest tool, BoundArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(arguments);
        var text = tool.Operation.Propagation;
        if (text is not null && Placeholders.Whole(text) is { } name)
        {
            text = arguments[name] is { } value ? ValueText.Format(value) : tool.FindParameter(name)?.Default is { } d ? ValueText.Format(d) : null;
        }

        return text is null ? DeletePropagation.Background
            : ManifestParser.Propagations.TryGetValue(text, out var propagation) ? propagation
            : throw new ProposalException($"propagation: must be one of {string.Join(", ", ManifestParser.Propagations.Keys)} (got {ValueText.Quote(text)}).");
    }

    /// <summary>The observed object as a create request: no status, no server-owned metadata, no values the server allocated.</summary>
    internal static JsonObject Recreatable(JsonObject observed)
    {
        var copy = observed.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in s_serverMetadata)
            {
                metadata.Remove(field);
            }
        }

        if (copy["spec"] is JsonObject spec)
        {
            switch (copy["kind"]?.GetValue<string>())
            {
                case "Service":
                    // The cluster IP was allocated to the deleted Service; a new one gets its own.
                    spec.Remove("clusterIP");
                    spec.Remove("clusterIPs");
                    break;
                case "Job":
                    // The selector and the template's controller-uid labels name the deleted Job's uid.
                    if (spec["manualSelector"] is not JsonValue manual || !manual.TryGetValue<bool>(out var m) || !m)
                    {
                        spec.Remove("selector");
                        if (spec["template"]?["metadata"]?["labels"] is JsonObject labels)
                        {
                            labels.Remove("controller-uid");
                            labels.Remove("batch.kubernetes.io/controller-uid");
                        }
                    }

                    break;
            }
        }

        return copy;
    }
}
