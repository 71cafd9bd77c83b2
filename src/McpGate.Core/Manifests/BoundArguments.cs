namespace McpGate.Core.Manifests;

/// <summary>
/// A tool call's arguments after binding: typed (<see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>), checked against the manifest, defaults
/// applied, in the manifest's parameter order. Absent optional parameters are not present.
/// </summary>
public sealed record BoundArguments
{
    public required IReadOnlyDictionary<string, object?> Values { get; init; }

    public bool Contains(string name) => Values.ContainsKey(name);

    public object? this[string name] => Values.TryGetValue(name, out var value) ? value : null;

    public string? GetString(string name) => this[name] as string;

    public long? GetInteger(string name) => this[name] as long?;
}
