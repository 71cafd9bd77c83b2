using System.Text.Json.Nodes;

namespace McpGate.Core.Checks;

/// <summary>
/// A Kubernetes LabelSelector (<c>matchLabels</c> and <c>matchExpressions</c>), to match pod
/// labels and to list pods. As in policy/v1, an empty selector selects every pod in the namespace.
/// </summary>
internal sealed record PodSelector
{
    private static readonly string[] s_operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    public required IReadOnlyDictionary<string, string> MatchLabels { get; init; }

    public required IReadOnlyList<SelectorRequirement> MatchExpressions { get; init; }

    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    /// <summary>The selector, or null when <paramref name="node"/> is absent or not a selector this reads (unknown operator, non-string values).</summary>
    public static PodSelector? From(JsonNode? node)
    {
        if (node is not JsonObject selector)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? new JsonObject())
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
            {
                return null;
            }

            labels[key] = text;
        }

        var expressions = new List<SelectorRequirement>();
        foreach (var item in selector["matchExpressions"] as JsonArray ?? [])
        {
            var key = (item?["key"] as JsonValue)?.TryGetValue<string>(out var k) == true ? k : null;
            var op = (item?["operator"] as JsonValue)?.TryGetValue<string>(out var o) == true ? o : null;
            if (key is null || op is null || !s_operators.Contains(op, StringComparer.Ordinal))
            {
                return null;
            }

            var values = new List<string>();
            foreach (var value in item!["values"] as JsonArray ?? [])
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
                {
                    return null;
                }

                values.Add(text);
            }

            expressions.Add(new SelectorRequirement(key, op, values));
        }

        return new PodSelector { MatchLabels = labels, MatchExpressions = expressions };
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return MatchLabels.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value)
            && MatchExpressions.All(e => e.Matches(labels));
    }

    /// <summary>The selector as a list query (<c>app=web,tier in (a,b)</c>); empty selects everything.</summary>
    public string ToQuery() =>
        string.Join(',', MatchLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").Concat(MatchExpressions.Select(e => e.ToQuery())));

    /// <summary>The labels of an object (metadata.labels), string values only.</summary>
    public static IReadOnlyDictionary<string, string> LabelsOf(JsonNode? metadataOwner)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadataOwner?["metadata"]?["labels"] as JsonObject ?? new JsonObject())
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                labels[key] = text;
            }
        }

        return labels;
    }
}
