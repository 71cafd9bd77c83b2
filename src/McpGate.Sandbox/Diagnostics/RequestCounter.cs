using System.Collections.Concurrent;

namespace McpGate.Sandbox.Diagnostics;

/// <summary>Counts requests by method and path (query excluded), for tests of retries and caching.</summary>
internal sealed class RequestCounter
{
    private readonly ConcurrentDictionary<(string Method, string Path), long> _counts = new();
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Record(string method, string path)
    {
        Interlocked.Increment(ref _total);
        _counts.AddOrUpdate((method.ToUpperInvariant(), path), 1, (_, n) => n + 1);
    }

    public long Count(string? method, string pathPrefix) =>
        _counts
            .Where(e => (method is null || string.Equals(e.Key.Method, method, StringComparison.OrdinalIgnoreCase))
                && e.Key.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .Sum(e => e.Value);

    /// <summary>Requests whose method and path (without query) <paramref name="match"/> accepts, in one pass.</summary>
    public long Count(Func<string, string, bool> match) =>
        _counts.Where(e => match(e.Key.Method, e.Key.Path)).Sum(e => e.Value);

    public void Reset()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
    }
}
