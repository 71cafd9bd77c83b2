using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Describe;

/// <summary>Label selectors as the API's query syntax: <c>matchLabels</c> and <c>matchExpressions</c>, or a service's plain map.</summary>
public static class LabelSelectors
{
    /// <summary><c>app=web,tier in (a,b),!legacy</c>; null when the selector is absent or empty (it would select everything).</summary>
    public static string? Query(JsonNode? selector)
    {
        if (selector is not JsonObject obj)
        {
            return null;
        }

        var parts = new List<string>();
        var labels = obj["matchLabels"] as JsonObject ?? (obj.ContainsKey("matchExpressions") ? null : obj);
        foreach (var (key, value) in labels ?? [])
        {
            if (ObjectFields.Text(value) is { } text)
            {
                parts.Add($"{key}={text}");
            }
        }

        foreach (var expression in ObjectFields.Objects(obj["matchExpressions"]))
        {
            var key = ObjectFields.Text(expression["key"]);
            var values = string.Join(",", (expression["values"] as JsonArray ?? []).Select(ObjectFields.Text));
            parts.Add(ObjectFields.Text(expression["operator"]) switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => $"{key}",
                "DoesNotExist" => $"!{key}",
                var other => throw new ReadException($"the selector has an operator \"{other}\" the API does not define"),
            });
        }

        return parts.Count == 0 ? null : string.Join(",", parts);
    }
}
