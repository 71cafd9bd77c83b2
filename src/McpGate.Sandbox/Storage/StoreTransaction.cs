using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Storage;

/// <summary>Reads and writes made while holding the store's lock; every write bumps the global revision.</summary>
internal sealed class StoreTransaction
{
    private readonly ObjectStore.State _state;
    private readonly List<StoreChange> _changes = [];

    internal StoreTransaction(ObjectStore.State state)
    {
        _state = state;
    }

    internal IReadOnlyList<StoreChange> Changes => _changes;

    /// <summary>A copy of the stored object, or null.</summary>
    public JsonObject? Get(ObjectKey key) =>
        _state.Objects.TryGetValue(key, out var stored) ? (JsonObject)stored.DeepClone() : null;

    public bool Contains(ObjectKey key) => _state.Objects.ContainsKey(key);

    /// <summary>Copies of the objects of one type, in one namespace or (null) all of them.</summary>
    public IReadOnlyList<JsonObject> List(GroupVersionResource resource, string? ns) =>
        _state.Objects
            .Where(e => e.Key.Resource == resource && (ns is null || string.Equals(e.Key.Namespace, ns, StringComparison.Ordinal)))
            .OrderBy(e => e.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Name, StringComparer.Ordinal)
            .Select(e => (JsonObject)e.Value.DeepClone())
            .ToList();

    /// <summary>Copies of every object that names <paramref name="ownerUid"/> in its ownerReferences.</summary>
    public IReadOnlyList<(ObjectKey Key, JsonObject Object)> Dependents(string ownerUid) =>
        _state.Objects
            .Where(e => (e.Value["metadata"]?["ownerReferences"] as JsonArray ?? []).Any(r => (string?)r?["uid"] == ownerUid))
            .Select(e => (e.Key, (JsonObject)e.Value.DeepClone()))
            .ToList();

    /// <summary>Copies of the objects being deleted (deletionTimestamp set) that still carry <paramref name="finalizer"/>.</summary>
    public IReadOnlyList<(ObjectKey Key, JsonObject Object)> Finalizing(string finalizer) =>
        _state.Objects
            .Where(e => e.Value["metadata"]?["deletionTimestamp"] is not null
                && (e.Value["metadata"]?["finalizers"] as JsonArray ?? []).Any(f => (string?)f == finalizer))
            .Select(e => (e.Key, (JsonObject)e.Value.DeepClone()))
            .ToList();

    /// <summary>Every key in a namespace, across resource types.</summary>
    public IReadOnlyList<ObjectKey> KeysInNamespace(string ns) =>
        _state.Objects.Keys.Where(k => string.Equals(k.Namespace, ns, StringComparison.Ordinal)).ToList();

    /// <summary>Stores the object with the next resourceVersion and returns a copy of what was stored.</summary>
    public JsonObject Put(ObjectKey key, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var revision = ++_state.Revision;
        var stored = (JsonObject)obj.DeepClone();
        var metadata = stored["metadata"] as JsonObject ?? [];
        stored["metadata"] = metadata;
        metadata["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        _state.Objects.TryGetValue(key, out var previous);
        var type = previous is null ? StoreChangeType.Added : StoreChangeType.Modified;
        _state.Objects[key] = stored;
        _changes.Add(new StoreChange(type, key, (JsonObject)stored.DeepClone(), revision, previous));
        return (JsonObject)stored.DeepClone();
    }

    /// <summary>Removes the object; the deletion itself takes a resourceVersion, as watch sees it.</summary>
    public JsonObject? Remove(ObjectKey key)
    {
        if (!_state.Objects.Remove(key, out var stored))
        {
            return null;
        }

        var revision = ++_state.Revision;
        _changes.Add(new StoreChange(StoreChangeType.Deleted, key, (JsonObject)stored.DeepClone(), revision));
        return stored;
    }
}
