using System.Text.Json.Nodes;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Storage;

/// <summary>
/// All objects of the sandbox, keyed by resource/namespace/name, with one global monotonic revision
/// that every write bumps. Writes are serialized; readers get copies.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly State _state = new();

    /// <summary>Raised after each committed transaction, outside the lock, once per change.</summary>
    public event EventHandler<StoreChange>? Changed;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _state.Revision;
            }
        }
    }

    public JsonObject? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return new StoreTransaction(_state).Get(key);
        }
    }

    /// <summary>A consistent snapshot: the objects and the revision they were read at.</summary>
    public (IReadOnlyList<JsonObject> Items, long Revision) List(GroupVersionResource resource, string? ns)
    {
        lock (_gate)
        {
            return (new StoreTransaction(_state).List(resource, ns), _state.Revision);
        }
    }

    /// <summary>Runs the work atomically; changes are published only if it returns normally.</summary>
    public T Write<T>(Func<StoreTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        T result;
        IReadOnlyList<StoreChange> changes;
        lock (_gate)
        {
            var snapshot = _state.Snapshot();
            var transaction = new StoreTransaction(_state);
            try
            {
                result = work(transaction);
            }
            catch
            {
                _state.Restore(snapshot);
                throw;
            }

            changes = transaction.Changes;
        }

        foreach (var change in changes)
        {
            Changed?.Invoke(this, change);
        }

        return result;
    }

    internal sealed class State
    {
        public Dictionary<ObjectKey, JsonObject> Objects { get; private set; } = [];

        public long Revision { get; set; }

        public (Dictionary<ObjectKey, JsonObject> Objects, long Revision) Snapshot() => (new(Objects), Revision);

        public void Restore((Dictionary<ObjectKey, JsonObject> Objects, long Revision) snapshot)
        {
            Objects = snapshot.Objects;
            Revision = snapshot.Revision;
        }
    }
}
