namespace McpGate.Core.Checks;

/// <summary>One <c>matchExpressions</c> entry of a label selector: key, operator (In, NotIn, Exists, DoesNotExist) and values.</summary>
internal sealed record SelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels) => Operator switch
    {
        "In" => labels.TryGetValue(Key, out var value) && Values.Contains(value, StringComparer.Ordinal),
        "NotIn" => !labels.TryGetValue(Key, out var value) || !Values.Contains(value, StringComparer.Ordinal),
        "Exists" => labels.ContainsKey(Key),
        "DoesNotExist" => !labels.ContainsKey(Key),
        _ => false,
    };

    /// <summary>The requirement in list-query syntax: <c>k in (a,b)</c>, <c>k notin (a)</c>, <c>k</c>, <c>!k</c>.</summary>
    public string ToQuery() => Operator switch
    {
        "In" => $"{Key} in ({string.Join(',', Values)})",
        "NotIn" => $"{Key} notin ({string.Join(',', Values)})",
        "Exists" => Key,
        "DoesNotExist" => "!" + Key,
        _ => throw new InvalidOperationException($"unknown selector operator {Operator}"),
    };
}
