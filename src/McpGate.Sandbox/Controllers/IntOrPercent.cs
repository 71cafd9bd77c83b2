using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;

namespace McpGate.Sandbox.Controllers;

/// <summary>An intstr value such as maxSurge ("25%" or 1) resolved against a replica count.</summary>
internal static class IntOrPercent
{
    public static int Resolve(JsonNode? value, int total, bool roundUp, int fallback)
    {
        if (JsonFields.Integer(value) is { } absolute)
        {
            return (int)absolute;
        }

        var text = JsonFields.String(value);
        if (text is not null && text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            var scaled = total * percent / 100.0;
            return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        }

        return fallback;
    }
}
