namespace McpGate.Sandbox.Controllers;

/// <summary>When controllers next need to look again (a pod due to start, a progress deadline), by key.</summary>
internal sealed class DueTimes
{
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);

    public void Set(string key, DateTimeOffset at) => _due[key] = at;

    public void Remove(string key) => _due.Remove(key);

    public bool TryGet(string key, out DateTimeOffset at) => _due.TryGetValue(key, out at);

    /// <summary>Drops every key not in <paramref name="live"/> that starts with <paramref name="prefix"/>.</summary>
    public void Retain(string prefix, IReadOnlySet<string> live)
    {
        foreach (var key in _due.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !live.Contains(k)).ToList())
        {
            _due.Remove(key);
        }
    }

    public int Count => _due.Count;

    public DateTimeOffset? Next => _due.Count == 0 ? null : _due.Values.Min();
}
