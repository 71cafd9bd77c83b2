using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Cluster;
using McpGate.Core.Diff;

namespace McpGate.Core.Operations;

/// <summary>
/// What every step does by its verb, whatever strategy built it: dry run, the one real write under
/// the step's precondition, whether an interrupted write took effect, and what must hold afterwards.
/// </summary>
public static class WriteSteps
{
    /// <summary>The object the server would store (null when it would be gone: deletes, evictions).</summary>
    /// <exception cref="ClusterException">The server refused the dry run.</exception>
    public static Task<JsonObject?> DryRunAsync(IClusterPort cluster, WriteStep step, CancellationToken cancellationToken) =>
        SendAsync(cluster, step, dryRun: true, cancellationToken);

    /// <summary>Sends the step once, under its precondition; returns what the server stored (null when the object is gone).</summary>
    /// <exception cref="ClusterException">The server refused it (<see cref="ClusterErrorKind.Conflict"/>: the precondition failed).</exception>
    public static Task<JsonObject?> ExecuteAsync(IClusterPort cluster, WriteStep step, CancellationToken cancellationToken) =>
        SendAsync(cluster, step, dryRun: false, cancellationToken);

    private static async Task<JsonObject?> SendAsync(IClusterPort cluster, WriteStep step, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(step);
        var target = step.Target.ToResourceRef();
        var precondition = step.Precondition;
        switch (step.Verb)
        {
            case WriteVerb.Patch:
                return await cluster.PatchAsync(target, new PatchRequest
                {
                    Type = step.PatchType ?? PatchType.Merge,
                    Patch = Body(step).DeepClone(),
                    ResourceVersion = precondition.ResourceVersion,
                }, dryRun, cancellationToken).ConfigureAwait(false);
            case WriteVerb.Apply:
                return await cluster.ApplyAsync(target, new ApplyRequest
                {
                    Manifest = BodyObject(step),
                    ResourceVersion = precondition.ResourceVersion,
                }, dryRun, cancellationToken).ConfigureAwait(false);
            case WriteVerb.Create:
                return await cluster.CreateAsync(target, new CreateRequest { Body = BodyObject(step) }, dryRun, cancellationToken).ConfigureAwait(false);
            case WriteVerb.Delete:
                var deleted = await cluster.DeleteAsync(target, new DeleteRequest
                {
                    Preconditions = Preconditions(precondition),
                    Propagation = step.Propagation,
                }, dryRun, cancellationToken).ConfigureAwait(false);
                return IsStatus(deleted) ? null : deleted;
            case WriteVerb.Evict:
                await cluster.EvictAsync(target, Preconditions(precondition), dryRun, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.Verb, "unknown write verb");
        }
    }

    /// <summary>
    /// Whether a step whose execution was interrupted reached the cluster, judged from the object
    /// now: true (it did), false (its precondition still holds: it did not), null (cannot tell).
    /// </summary>
    public static bool? TookEffect(WriteStep step, JsonObject? current)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Precondition.Violation(current) is null)
        {
            // A delete whose object is mid-deletion still has its uid and resourceVersion... but a deletionTimestamp.
            if (step.Verb is WriteVerb.Delete or WriteVerb.Evict)
            {
                return current?["metadata"]?["deletionTimestamp"] is not null;
            }

            // Under a uid-only precondition (a drain's cordon: a node's resourceVersion moves with every
            // heartbeat) the precondition holds before and after the write: the object tells which.
            return step.Verb is WriteVerb.Patch or WriteVerb.Apply && step.Precondition is { ResourceVersion: null, Absent: false } && current is not null
                && Holds(step, current) == true;
        }

        return step.Verb switch
        {
            WriteVerb.Delete or WriteVerb.Evict => current is null
                || current["metadata"]?["uid"]?.GetValue<string>() != step.Precondition.Uid
                || current["metadata"]?["deletionTimestamp"] is not null,
            WriteVerb.Create => current is not null && Holds(step, current) == true,
            WriteVerb.Patch or WriteVerb.Apply => current is null || SameObjectReplaced(step, current)
                ? false
                : Holds(step, current) == true ? true : null,
            _ => null,
        };
    }

    /// <summary>
    /// Whether <paramref name="current"/> holds what the step set (the object's fields as sent, by
    /// <see cref="AppliedFields"/>); null when nothing it sets can be compared (a JSON patch of list
    /// positions only, see <see cref="JsonPatchFields"/>) and for deletes and evictions.
    /// </summary>
    public static bool? Holds(WriteStep step, JsonObject current)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(current);
        return Applied(step) is { } applied ? AppliedFields.Hold(applied, current) : null;
    }

    /// <summary>The fields the step sets, as an object to compare with (null when it sets none that can be compared).</summary>
    public static JsonObject? Applied(WriteStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Verb switch
        {
            WriteVerb.Patch when step.PatchType is PatchType.Json => JsonPatchFields.Of(step.Body).Applied,
            WriteVerb.Patch or WriteVerb.Apply or WriteVerb.Create => step.Body is JsonObject body ? WithoutServerFields(body) : null,
            _ => null,
        };
    }

    /// <summary>
    /// For probes of a step that sends no body (a delete): the object it acted on, by uid, so that an
    /// object created since under the same name is not mistaken for it; null otherwise.
    /// </summary>
    public static JsonObject? Identity(WriteStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Verb is WriteVerb.Delete && step.Precondition.Uid is { } uid
            ? new JsonObject { ["preconditions"] = new JsonObject { ["uid"] = uid } }
            : null;
    }

    /// <summary>What of the step <see cref="Applied"/> leaves out, for a verification to say so; null when it leaves out nothing.</summary>
    public static string? NotCompared(WriteStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step is not { Verb: WriteVerb.Patch, PatchType: PatchType.Json })
        {
            return null;
        }

        var (applied, skipped) = JsonPatchFields.Of(step.Body);
        return skipped == 0 ? null
            : applied is null ? $"none of the json patch's {skipped} operation(s) can be compared afterwards (list positions, move, copy, test); only the object's presence is checked"
            : $"{skipped} json patch operation(s) on list positions, or move, copy or test, are not compared";
    }

    /// <summary>What the step changes, observed against the dry-run result.</summary>
    public static IReadOnlyList<DiffLine> Diff(WriteStep step, JsonObject? observed, JsonObject? dryRun)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Verb switch
        {
            WriteVerb.Delete or WriteVerb.Evict =>
            [
                new DiffLine { Path = "(object)", From = JsonValue.Create($"{step.Target.Resource} {step.Target}"), To = null },
            ],
            _ => ObjectDiff.Compare(observed, dryRun),
        };
    }

    private static bool SameObjectReplaced(WriteStep step, JsonObject current) =>
        step.Precondition.Uid is { } uid && current["metadata"]?["uid"]?.GetValue<string>() != uid;

    private static JsonObject WithoutServerFields(JsonObject body)
    {
        var copy = body.DeepClone().AsObject();
        if (copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("resourceVersion");
        }

        return copy;
    }

    private static JsonNode Body(WriteStep step) =>
        step.Body ?? throw new ArgumentException($"{step}: a {step.Verb} step needs a body", nameof(step));

    private static JsonObject BodyObject(WriteStep step) =>
        Body(step) as JsonObject ?? throw new ArgumentException($"{step}: the body must be an object", nameof(step));

    private static DeletePreconditions? Preconditions(WritePrecondition precondition) =>
        precondition.Uid is null && precondition.ResourceVersion is null
            ? null
            : new DeletePreconditions { Uid = precondition.Uid, ResourceVersion = precondition.ResourceVersion };

    private static bool IsStatus(JsonObject result) => result["kind"]?.GetValue<string>() == "Status";
}
