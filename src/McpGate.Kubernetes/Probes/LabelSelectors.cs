using System.Text.Json.Nodes;

namespace McpGate.Kubernetes.Probes;

/// <summary>A workload's <c>spec.selector</c> (matchLabels and matchExpressions) as a label selector query string.</summary>
internal static class LabelSelectors
{
    /// <summary>The query; null when the selector is missing or empty (a probe then selects by owner only).</summary>
    public static string? ToQuery(JsonNode? selector)
    {
        var parts = new List<string>();
        foreach (var (key, value) in selector?["matchLabels"] as JsonObject ?? [])
        {
            parts.Add($"{key}={ObjectFields.String(value)}");
        }

        foreach (var expression in (selector?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = ObjectFields.String(expression["key"]);
            var values = string.Join(',', (expression["values"] as JsonArray ?? []).Select(ObjectFields.String));
            switch (ObjectFields.String(expression["operator"]))
            {
                case "In":
                    parts.Add($"{key} in ({values})");
                    break;
                case "NotIn":
                    parts.Add($"{key} notin ({values})");
                    break;
                case "Exists":
                    parts.Add(key ?? string.Empty);
                    break;
                case "DoesNotExist":
                    parts.Add($"!{key}");
                    break;
            }
        }

        return parts.Count == 0 ? null : string.Join(',', parts);
    }
}
