namespace McpGate.Sandbox.Objects;

/// <summary>One clause of a label selector: key, operator (=, !=, in, notin, exists, !) and values.</summary>
internal sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "=" or "==" or "in" => present && Values.Contains(value!, StringComparer.Ordinal),
            "!=" or "notin" => !present || !Values.Contains(value!, StringComparer.Ordinal),
            "exists" => present,
            "!" => !present,
            _ => false,
        };
    }

    public override string ToString() => Operator switch
    {
        "=" or "==" => $"{Key}={Values[0]}",
        "!=" => $"{Key}!={Values[0]}",
        "in" or "notin" => $"{Key} {Operator} ({string.Join(",", Values)})",
        "exists" => Key,
        _ => $"!{Key}",
    };
}
