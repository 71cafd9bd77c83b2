namespace McpGate.Core.Diff;

/// <summary>
/// The keys that identify an element of a list Kubernetes declares as a map
/// (<c>x-kubernetes-list-map-keys</c>), with the API default of a key an element may omit
/// (a container port without <c>protocol</c> is <c>TCP</c>).
/// </summary>
internal sealed record ListMapRule
{
    public required IReadOnlyList<string> Keys { get; init; }

    public IReadOnlyDictionary<string, string> Defaults { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static ListMapRule By(params string[] keys) => new() { Keys = keys };
}
