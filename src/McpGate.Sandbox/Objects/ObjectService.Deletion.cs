using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Storage;

namespace McpGate.Sandbox.Objects;

/// <summary>
/// Deletion as the API server does it: preconditions, then either removal or, while finalizers remain
/// (including <see cref="ForegroundFinalizer"/> for a foreground delete), a <c>deletionTimestamp</c> and a
/// wait for the finalizers' owners to remove them.
/// </summary>
internal sealed partial class ObjectService
{
    /// <summary>The garbage collector's finalizer: the object goes once its dependents are gone.</summary>
    public const string ForegroundFinalizer = "foregroundDeletion";

    public DeleteOutcome Delete(ResourceDefinition definition, string? ns, string name, DeletePreconditions? preconditions, bool dryRun, string? propagationPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var key = KeyOf(definition, ns, name);
        return _store.Write(tx =>
        {
            var current = tx.Get(key) ?? throw new ApiException(ApiErrors.NotFound(definition, name));
            var metadata = JsonFields.Metadata(current);
            CheckPrecondition(definition, name, "UID", preconditions?.Uid, JsonFields.String(metadata, "uid"));
            CheckPrecondition(definition, name, "ResourceVersion", preconditions?.ResourceVersion, JsonFields.String(metadata, "resourceVersion"));
            var finalizers = Finalizers(current);
            if (propagationPolicy == "Foreground" && !finalizers.Contains(ForegroundFinalizer))
            {
                finalizers.Add(ForegroundFinalizer);
            }

            if (finalizers.Count > 0)
            {
                return new DeleteOutcome(MarkDeleting(tx, key, current, finalizers, dryRun), Pending: true);
            }

            if (dryRun)
            {
                return new DeleteOutcome(current, Pending: false);
            }

            tx.Remove(key);
            definition.Behavior.OnDeleted(tx, current);
            if (propagationPolicy == "Orphan")
            {
                Orphan(tx, JsonFields.String(metadata, "uid") ?? string.Empty);
            }

            return new DeleteOutcome(current, Pending: false);
        });
    }

    /// <summary>The object's <c>metadata.finalizers</c>, in order.</summary>
    public static List<string> Finalizers(JsonObject obj) =>
        (JsonFields.FindArray(obj, "metadata", "finalizers") ?? []).Select(f => JsonFields.String(f)).OfType<string>().ToList();

    /// <summary>
    /// Sets deletionTimestamp (now, grace period 0) on first deletion, bumping generation as the API server
    /// does; a repeated delete only adds finalizers. Returns the object as it is (or, dry run, would be) stored.
    /// </summary>
    private JsonObject MarkDeleting(StoreTransaction tx, ObjectKey key, JsonObject current, List<string> finalizers, bool dryRun)
    {
        var marked = (JsonObject)current.DeepClone();
        var metadata = JsonFields.Metadata(marked);
        if (!ObjectMeta.IsTerminating(current))
        {
            metadata["deletionTimestamp"] = Timestamps.Format(Now);
            metadata["deletionGracePeriodSeconds"] = 0;
            if (JsonFields.Integer(metadata, "generation") is { } generation and > 0)
            {
                metadata["generation"] = generation + 1;
            }
        }

        metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        if (dryRun || JsonNode.DeepEquals(current, marked))
        {
            return marked;
        }

        return tx.Put(key, marked);
    }

    /// <summary>Orphan strips the owner reference from dependents (at once; the API server does it through the orphan finalizer).</summary>
    private static void Orphan(StoreTransaction tx, string ownerUid)
    {
        foreach (var (key, dependent) in tx.Dependents(ownerUid))
        {
            var references = JsonFields.FindArray(dependent, "metadata", "ownerReferences")!;
            foreach (var reference in references.Where(r => JsonFields.String(r, "uid") == ownerUid).ToList())
            {
                references.Remove(reference);
            }

            if (references.Count == 0)
            {
                JsonFields.Metadata(dependent).Remove("ownerReferences");
            }

            tx.Put(key, dependent);
        }
    }

    /// <summary>An object being deleted may lose finalizers but never gain one (422, as the API server's metadata validation).</summary>
    private static void CheckNoNewFinalizers(ResourceDefinition definition, string name, JsonObject current, JsonObject proposed)
    {
        if (!ObjectMeta.IsTerminating(current))
        {
            return;
        }

        var added = Finalizers(proposed).Except(Finalizers(current), StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            throw new ApiException(ApiErrors.Invalid(definition, name,
            [
                new StatusCause("FieldValueForbidden",
                    $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(f => $"\"{f}\""))}}}",
                    "metadata.finalizers"),
            ]));
        }
    }

    private static void CheckPrecondition(ResourceDefinition definition, string name, string field, string? expected, string? actual)
    {
        if (!string.IsNullOrEmpty(expected) && !string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new ApiException(ApiErrors.Conflict(definition, name,
                $"Precondition failed: {field} in precondition: {expected}, {field} in object meta: {actual}"));
        }
    }
}
