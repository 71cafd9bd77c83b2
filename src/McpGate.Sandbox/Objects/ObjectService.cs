using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Storage;

namespace McpGate.Sandbox.Objects;

/// <summary>
/// The API server's write semantics over the store: identity, defaulting, validation, generation,
/// resourceVersion, dry runs. Shared by the HTTP surface, the controller and the seed.
/// </summary>
internal sealed partial class ObjectService
{
    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly TimeProvider _timeProvider;

    public ObjectService(ObjectStore store, ResourceRegistry registry, TimeProvider timeProvider)
    {
        _store = store;
        _registry = registry;
        _timeProvider = timeProvider;
    }

    public ObjectStore Store => _store;

    public ResourceRegistry Registry => _registry;

    public DateTimeOffset Now => _timeProvider.GetUtcNow();

    public TimeProvider TimeProvider => _timeProvider;

    public static ObjectKey KeyOf(ResourceDefinition definition, string? ns, string name) =>
        new(definition.Gvr, definition.Namespaced ? ns ?? string.Empty : string.Empty, name);

    public JsonObject Get(ResourceDefinition definition, string? ns, string name) =>
        _store.Get(KeyOf(definition, ns, name)) ?? throw new ApiException(ApiErrors.NotFound(definition, name));

    public (IReadOnlyList<JsonObject> Items, long Revision) List(ResourceDefinition definition, string? ns) =>
        _store.List(definition.Gvr, definition.Namespaced ? ns : null);

    public JsonObject Create(ResourceDefinition definition, string? ns, JsonObject body, bool dryRun, ManagedFieldsUpdate? managedFields = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(body);
        var obj = (JsonObject)body.DeepClone();
        CheckTypeMeta(definition, obj);
        var metadata = JsonFields.Metadata(obj);
        var targetNamespace = ResolveNamespace(definition, ns, metadata);
        var name = JsonFields.String(metadata, "name") ?? string.Empty;
        if (name.Length == 0)
        {
            var generateName = JsonFields.String(metadata, "generateName");
            if (string.IsNullOrEmpty(generateName))
            {
                throw new ApiException(ApiErrors.Invalid(definition, string.Empty,
                    [StatusCause.Required("metadata.name", "name or generateName is required")]));
            }

            name = generateName + Identifiers.RandomSuffix();
        }

        var now = Now;
        metadata["name"] = name;
        metadata["uid"] = Identifiers.NewUid();
        metadata["creationTimestamp"] = Timestamps.Format(now);
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("managedFields");
        metadata.Remove("selfLink");
        if (definition.Behavior.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }

        definition.Behavior.PrepareForCreate(obj);
        definition.Behavior.ApplyDefaults(obj);
        Validate(definition, obj, name);
        if (managedFields?.Invoke(null, obj) is { } entries)
        {
            metadata["managedFields"] = entries;
        }

        var key = KeyOf(definition, targetNamespace, name);
        return _store.Write(tx =>
        {
            if (definition.Namespaced && !tx.Contains(NamespaceKey(targetNamespace!)))
            {
                throw new ApiException(ApiErrors.NamespaceNotFound(targetNamespace!));
            }

            if (tx.Contains(key))
            {
                throw new ApiException(ApiErrors.AlreadyExists(definition, name));
            }

            return dryRun ? obj : tx.Put(key, obj);
        });
    }

    /// <summary>
    /// Replaces an object with what <paramref name="transform"/> makes of a copy of the current one.
    /// Identity fields are kept, generation is bumped on spec changes, a no-op writes nothing.
    /// </summary>
    public JsonObject Update(ResourceDefinition definition, string? ns, string name, Func<JsonObject, JsonObject> transform, bool dryRun, ManagedFieldsUpdate? managedFields = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(transform);
        var key = KeyOf(definition, ns, name);
        return _store.Write(tx =>
        {
            var current = tx.Get(key) ?? throw new ApiException(ApiErrors.NotFound(definition, name));
            var proposed = transform((JsonObject)current.DeepClone());
            CheckTypeMeta(definition, proposed);
            var metadata = JsonFields.Metadata(proposed);
            var currentMetadata = JsonFields.Metadata(current);
            var proposedName = JsonFields.String(metadata, "name");
            if (!string.IsNullOrEmpty(proposedName) && !string.Equals(proposedName, name, StringComparison.Ordinal))
            {
                throw new ApiException(ApiErrors.BadRequest($"the name of the object ({proposedName}) does not match the name on the URL ({name})"));
            }

            var proposedNamespace = JsonFields.String(metadata, "namespace");
            if (definition.Namespaced && !string.IsNullOrEmpty(proposedNamespace) && !string.Equals(proposedNamespace, key.Namespace, StringComparison.Ordinal))
            {
                throw new ApiException(ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));
            }

            foreach (var field in (string[])["name", "namespace", "uid", "creationTimestamp", "generation", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"])
            {
                metadata.Remove(field);
                if (currentMetadata[field] is { } value)
                {
                    metadata[field] = value.DeepClone();
                }
            }

            metadata.Remove("managedFields");
            CheckNoNewFinalizers(definition, name, current, proposed);
            definition.Behavior.ApplyDefaults(proposed);
            Validate(definition, proposed, name);
            if (definition.Behavior.TracksGeneration && !JsonNode.DeepEquals(current["spec"], proposed["spec"]))
            {
                metadata["generation"] = (JsonFields.Integer(currentMetadata, "generation") ?? 0) + 1;
            }

            var currentManaged = currentMetadata["managedFields"]?.DeepClone();
            currentMetadata.Remove("managedFields");
            if (JsonNode.DeepEquals(current, proposed))
            {
                if (currentManaged is not null)
                {
                    currentMetadata["managedFields"] = currentManaged;
                }

                return current;
            }

            if (currentManaged is not null)
            {
                currentMetadata["managedFields"] = currentManaged;
            }

            var entries = managedFields is null ? currentManaged?.DeepClone() : managedFields(current, proposed);
            if (entries is not null)
            {
                metadata["managedFields"] = entries;
            }

            if (dryRun)
            {
                return proposed;
            }

            if (ObjectMeta.IsTerminating(proposed) && Finalizers(proposed).Count == 0)
            {
                // The last finalizer is gone: the object is deleted, as the API server does on such an update.
                tx.Remove(key);
                definition.Behavior.OnDeleted(tx, proposed);
                return proposed;
            }

            return tx.Put(key, proposed);
        });
    }

    private static void CheckTypeMeta(ResourceDefinition definition, JsonObject obj)
    {
        var kind = JsonFields.String(obj, "kind");
        var apiVersion = JsonFields.String(obj, "apiVersion");
        if ((!string.IsNullOrEmpty(kind) && !string.Equals(kind, definition.Kind, StringComparison.Ordinal))
            || (!string.IsNullOrEmpty(apiVersion) && !string.Equals(apiVersion, definition.ApiVersion, StringComparison.Ordinal)))
        {
            throw new ApiException(ApiErrors.BadRequest(
                $"the API version in the data ({apiVersion}) does not match the expected API version ({definition.ApiVersion}) or kind ({kind}) does not match {definition.Kind}"));
        }

        // kind and apiVersion lead, as in the API server's own output.
        var rest = obj.Where(p => p.Key is not "kind" and not "apiVersion").Select(p => (p.Key, Value: p.Value?.DeepClone())).ToList();
        obj.Clear();
        obj["kind"] = definition.Kind;
        obj["apiVersion"] = definition.ApiVersion;
        foreach (var (field, value) in rest)
        {
            obj[field] = value;
        }
    }

    private static void Validate(ResourceDefinition definition, JsonObject obj, string name)
    {
        var causes = new List<StatusCause>();
        var isNamespace = definition.Group.Length == 0 && string.Equals(definition.Plural, "namespaces", StringComparison.Ordinal);
        if (isNamespace ? !ObjectNames.IsDnsLabel(name) : !ObjectNames.IsDnsSubdomain(name))
        {
            causes.Add(StatusCause.Invalid("metadata.name", $"\"{name}\"", isNamespace ? ObjectNames.LabelMessage : ObjectNames.SubdomainMessage));
        }

        definition.Behavior.Validate(obj, causes);
        if (causes.Count > 0)
        {
            throw new ApiException(ApiErrors.Invalid(definition, name, causes));
        }
    }

    private static string? ResolveNamespace(ResourceDefinition definition, string? ns, JsonObject metadata)
    {
        if (!definition.Namespaced)
        {
            metadata.Remove("namespace");
            return null;
        }

        var bodyNamespace = JsonFields.String(metadata, "namespace");
        if (!string.IsNullOrEmpty(bodyNamespace) && !string.IsNullOrEmpty(ns) && !string.Equals(bodyNamespace, ns, StringComparison.Ordinal))
        {
            throw new ApiException(ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));
        }

        var resolved = string.IsNullOrEmpty(ns) ? bodyNamespace : ns;
        if (string.IsNullOrEmpty(resolved))
        {
            throw new ApiException(ApiErrors.BadRequest("a namespace is required for a namespaced resource"));
        }

        metadata["namespace"] = resolved;
        return resolved;
    }

    private ObjectKey NamespaceKey(string ns) =>
        KeyOf(_registry.Get(string.Empty, "v1", "namespaces"), null, ns);
}
