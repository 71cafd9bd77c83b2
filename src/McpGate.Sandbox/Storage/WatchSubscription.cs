using System.Threading.Channels;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Storage;

/// <summary>A live feed of one resource type's committed changes, in revision order; dispose to stop.</summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Channel<StoreChange> _events = Channel.CreateUnbounded<StoreChange>();
    private readonly Action<WatchSubscription> _unsubscribe;
    private int _disposed;

    internal WatchSubscription(GroupVersionResource resource, Action<WatchSubscription> unsubscribe)
    {
        Resource = resource;
        _unsubscribe = unsubscribe;
    }

    public GroupVersionResource Resource { get; }

    public ChannelReader<StoreChange> Events => _events.Reader;

    internal bool IsDrained => _events.Reader.Count == 0;

    internal void Deliver(StoreChange change) => _events.Writer.TryWrite(change);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            _events.Writer.TryComplete();
        }
    }
}
