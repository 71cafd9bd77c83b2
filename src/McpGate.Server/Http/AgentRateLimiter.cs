namespace McpGate.Server.Http;

/// <summary>
/// Per-identity token buckets: one for calls (every request to <c>/mcp</c>), one for write
/// proposals. A bucket holds at most its per-minute limit and refills at that rate, so an identity
/// may burst up to the limit and then goes at the limit's pace. Identities come from tokens.yaml,
/// and full buckets are dropped by <see cref="Prune"/>, so memory stays bounded.
/// </summary>
internal sealed class AgentRateLimiter(int callsPerMinute, int writesPerMinute, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Bucket> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bucket> _writes = new(StringComparer.Ordinal);

    public int CallsPerMinute => callsPerMinute;

    public int WritesPerMinute => writesPerMinute;

    /// <summary>Takes one call for <paramref name="identity"/>: null when allowed, else how long until one is.</summary>
    public TimeSpan? TryCall(string identity) => TryTake(_calls, identity, callsPerMinute);

    /// <summary>Takes one write proposal for <paramref name="identity"/>: null when allowed, else how long until one is.</summary>
    public TimeSpan? TryWrite(string identity) => TryTake(_writes, identity, writesPerMinute);

    /// <summary>Forgets the buckets that have refilled: they hold nothing a new bucket would not.</summary>
    public void Prune()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Prune(_calls, callsPerMinute, now);
            Prune(_writes, writesPerMinute, now);
        }
    }

    /// <summary>How many identities have a bucket (for tests of <see cref="Prune"/>).</summary>
    internal int Tracked
    {
        get
        {
            lock (_lock)
            {
                return _calls.Count + _writes.Count;
            }
        }
    }

    private TimeSpan? TryTake(Dictionary<string, Bucket> buckets, string identity, int perMinute)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var tokens = buckets.TryGetValue(identity, out var bucket) ? bucket.TokensAt(now, perMinute) : perMinute;
            if (tokens >= 1)
            {
                buckets[identity] = new Bucket(tokens - 1, now);
                return null;
            }

            buckets[identity] = new Bucket(tokens, now);
            return TimeSpan.FromMinutes((1 - tokens) / perMinute);
        }
    }

    private static void Prune(Dictionary<string, Bucket> buckets, int perMinute, DateTimeOffset now)
    {
        foreach (var (identity, bucket) in buckets)
        {
            if (bucket.TokensAt(now, perMinute) >= perMinute)
            {
                buckets.Remove(identity);
            }
        }
    }

    private readonly record struct Bucket(double Tokens, DateTimeOffset At)
    {
        public double TokensAt(DateTimeOffset now, int perMinute) =>
            Math.Min(perMinute, Tokens + (Math.Max(0, (now - At).TotalMinutes) * perMinute));
    }
}
