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
    private readonly ChangeHistory _history = new();

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

    /// <summary>Copies of every object that names <paramref name="ownerUid"/> in its ownerReferences.</summary>
    public IReadOnlyList<(ObjectKey Key, JsonObject Object)> Dependents(string ownerUid)
    {
        lock (_gate)
        {
            return new StoreTransaction(_state).Dependents(ownerUid);
        }
    }

    /// <summary>Copies of the objects being deleted that still carry <paramref name="finalizer"/>.</summary>
    public IReadOnlyList<(ObjectKey Key, JsonObject Object)> Finalizing(string finalizer)
    {
        lock (_gate)
        {
            return new StoreTransaction(_state).Finalizing(finalizer);
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
            foreach (var change in changes)
            {
                _history.Record(change);
            }
        }

        foreach (var change in changes)
        {
            Changed?.Invoke(this, change);
        }

        return result;
    }

    /// <summary>
    /// Starts watching one resource type. With a revision, the changes after it are replayed first
    /// (null when they are no longer kept: 410 Expired); without one, every current object is
    /// replayed as ADDED. Replay and subscription happen atomically, so nothing is missed or doubled.
    /// </summary>
    public (IReadOnlyList<StoreChange> Replay, WatchSubscription Subscription)? Watch(GroupVersionResource resource, long? sinceRevision)
    {
        lock (_gate)
        {
            IReadOnlyList<StoreChange>? replay;
            if (sinceRevision is { } revision)
            {
                replay = _history.Since(resource, revision);
                if (replay is null)
                {
                    return null;
                }
            }
            else
            {
                replay = _state.Objects
                    .Where(e => e.Key.Resource == resource)
                    .Select(e => new StoreChange(StoreChangeType.Added, e.Key, (JsonObject)e.Value.DeepClone(),
                        long.Parse((string?)e.Value["metadata"]?["resourceVersion"] ?? "0", System.Globalization.CultureInfo.InvariantCulture)))
                    .OrderBy(c => c.ResourceVersion)
                    .ToList();
            }

            return (replay, _history.Subscribe(resource, Unsubscribe));
        }
    }

    /// <summary>The oldest revision a watch of this type may start from (for the 410 message).</summary>
    public long OldestWatchableRevision(GroupVersionResource resource)
    {
        lock (_gate)
        {
            return _history.OldestRevision(resource);
        }
    }

    /// <summary>
    /// The revision a bookmark may announce: the current one when the subscriber has read every
    /// delivered change, else null (changes are on their way).
    /// </summary>
    public long? BookmarkRevision(WatchSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_gate)
        {
            return subscription.IsDrained ? _state.Revision : null;
        }
    }

    /// <summary>The whole store serialized as a state file, read under the lock (a consistent snapshot).</summary>
    public string ExportState()
    {
        lock (_gate)
        {
            return StateFile.Serialize(_state.Objects, _state.Revision);
        }
    }

    /// <summary>Replaces everything with loaded objects; watch history starts over at the loaded revision.</summary>
    public void LoadState(Dictionary<ObjectKey, JsonObject> objects, long revision)
    {
        ArgumentNullException.ThrowIfNull(objects);
        lock (_gate)
        {
            _state.Restore((new Dictionary<ObjectKey, JsonObject>(objects), revision));
            _history.Reset(revision);
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _history.Unsubscribe(subscription);
        }
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
