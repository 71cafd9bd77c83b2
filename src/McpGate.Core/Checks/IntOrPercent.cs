using System.Globalization;
using System.Text.Json.Nodes;

namespace McpGate.Core.Checks;

/// <summary>An IntOrString rollout field (<c>maxUnavailable: 1</c> or <c>"25%"</c>) resolved against a total.</summary>
internal static class IntOrPercent
{
    /// <summary>The absolute number, or <paramref name="fallback"/> when the field is absent or unreadable.</summary>
    public static int Resolve(JsonNode? value, int total, bool roundUp, int fallback)
    {
        if (value is not JsonValue v)
        {
            return fallback;
        }

        if (v.TryGetValue<int>(out var number))
        {
            return Math.Max(0, number);
        }

        if (v.TryGetValue<string>(out var text) && text.EndsWith('%')
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            var share = (decimal)percent * total / 100m;
            return (int)(roundUp ? Math.Ceiling(share) : Math.Floor(share));
        }

        return fallback;
    }

    /// <summary>The field as written, for details: <c>25%</c>, <c>1</c>, or <paramref name="fallback"/> when absent.</summary>
    public static string Text(JsonNode? value, string fallback) => value is JsonValue v ? v.ToString() : fallback;
}
