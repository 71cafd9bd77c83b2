using System.Text.Json.Nodes;

namespace McpGate.Core.Diff;

/// <summary>Identifies the elements of a list-map by their keys.</summary>
internal static class ListElements
{
    /// <summary>
    /// Every element with its selector, in list order; null when the list cannot be read as a map:
    /// an element that is not an object, lacks a key (with no API default) or has a key that is not
    /// a string, number or boolean, or two elements with the same keys.
    /// </summary>
    public static List<KeyedElement>? Keyed(JsonArray? list, ListMapRule rule)
    {
        var keyed = new List<KeyedElement>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is not JsonObject element || Selector(element, rule) is not { } selector || !seen.Add(selector))
            {
                return null;
            }

            keyed.Add(new KeyedElement(selector, i, element));
        }

        return keyed;
    }

    /// <summary>The selector of one element (<c>containerPort=80,protocol=TCP</c>), defaults applied; null when it has none.</summary>
    public static string? Selector(JsonObject element, ListMapRule rule)
    {
        var values = new JsonNode?[rule.Keys.Count];
        for (var k = 0; k < rule.Keys.Count; k++)
        {
            var key = rule.Keys[k];
            values[k] = JsonLeaf.Unset(element[key])
                ?? (rule.Defaults.TryGetValue(key, out var fallback) ? JsonValue.Create(fallback) : null);
        }

        return DiffPath.Selector(rule.Keys, values);
    }
}
