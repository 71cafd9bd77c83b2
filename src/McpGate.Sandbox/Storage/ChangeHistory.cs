using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Storage;

/// <summary>
/// The last <see cref="Capacity"/> changes of each resource type, and the live watchers. Not
/// thread-safe: the store calls it under its lock, so history and delivery follow commit order.
/// </summary>
internal sealed class ChangeHistory
{
    public const int Capacity = 1000;

    private readonly Dictionary<GroupVersionResource, Queue<StoreChange>> _events = [];
    private readonly Dictionary<GroupVersionResource, long> _compactedThrough = [];
    private readonly List<WatchSubscription> _subscriptions = [];
    private long _floor;

    /// <summary>Forget everything at or below this revision (a store loaded from disk has no history).</summary>
    public void Reset(long floor)
    {
        _events.Clear();
        _compactedThrough.Clear();
        _floor = floor;
    }

    public void Record(StoreChange change)
    {
        if (!_events.TryGetValue(change.Key.Resource, out var queue))
        {
            queue = new Queue<StoreChange>();
            _events[change.Key.Resource] = queue;
        }

        queue.Enqueue(change);
        if (queue.Count > Capacity)
        {
            _compactedThrough[change.Key.Resource] = queue.Dequeue().ResourceVersion;
        }

        foreach (var subscription in _subscriptions)
        {
            if (subscription.Resource == change.Key.Resource)
            {
                subscription.Deliver(change);
            }
        }
    }

    /// <summary>The changes after <paramref name="revision"/>, or null when some of them are no longer kept.</summary>
    public IReadOnlyList<StoreChange>? Since(GroupVersionResource resource, long revision)
    {
        var compacted = Math.Max(_floor, _compactedThrough.GetValueOrDefault(resource));
        if (revision < compacted)
        {
            return null;
        }

        return _events.TryGetValue(resource, out var queue)
            ? queue.Where(c => c.ResourceVersion > revision).ToList()
            : [];
    }

    /// <summary>The oldest revision a watch of this type may still start from.</summary>
    public long OldestRevision(GroupVersionResource resource) =>
        Math.Max(_floor, _compactedThrough.GetValueOrDefault(resource));

    public WatchSubscription Subscribe(GroupVersionResource resource, Action<WatchSubscription> unsubscribe)
    {
        var subscription = new WatchSubscription(resource, unsubscribe);
        _subscriptions.Add(subscription);
        return subscription;
    }

    public void Unsubscribe(WatchSubscription subscription) => _subscriptions.Remove(subscription);
}
