using System.Globalization;
using System.Text.Json.Nodes;

namespace McpGate.Core.Diff;

/// <summary>
/// Kubernetes resource quantities (<c>resource.Quantity</c>: <c>500m</c>, <c>0.5</c>, <c>1Gi</c>,
/// <c>1e3</c>), compared by value: the API server stores them in a canonical form, so a manifest's
/// <c>cpu: 0.5</c> or <c>cpu: 1</c> comes back as <c>"500m"</c> or <c>"1"</c>.
/// </summary>
internal static class Quantity
{
    private static readonly Dictionary<string, decimal> s_suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m,
        ["n"] = 0.000000001m,
        ["u"] = 0.000001m,
        ["m"] = 0.001m,
        ["k"] = 1_000m,
        ["M"] = 1_000_000m,
        ["G"] = 1_000_000_000m,
        ["T"] = 1_000_000_000_000m,
        ["P"] = 1_000_000_000_000_000m,
        ["E"] = 1_000_000_000_000_000_000m,
        ["Ki"] = 1024m,
        ["Mi"] = 1024m * 1024,
        ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024,
        ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    /// <summary>True when both are quantities of the same value, or (when either is not a quantity) the same JSON.</summary>
    public static bool Same(JsonNode? first, JsonNode? second) =>
        TryParse(first, out var a) && TryParse(second, out var b) ? a == b : JsonLeaf.Same(first, second);

    /// <summary>The value of a quantity written as a JSON string or number.</summary>
    public static bool TryParse(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue scalar)
        {
            return false;
        }

        var text = scalar.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => scalar.GetValue<string>(),
            System.Text.Json.JsonValueKind.Number => JsonLeaf.CanonicalText(scalar),
            _ => null,
        };
        return text is not null && TryParse(text, out value);
    }

    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        var end = 0;
        if (end < text.Length && text[end] is '+' or '-')
        {
            end++;
        }

        var digits = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            digits += char.IsAsciiDigit(text[end]) ? 1 : 0;
            end++;
        }

        if (digits == 0 || !decimal.TryParse(text.AsSpan(0, end), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var suffix = text[end..];
        try
        {
            if (s_suffixes.TryGetValue(suffix, out var scale))
            {
                value = number * scale;
                return true;
            }

            if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
                && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
                && exponent is >= -28 and <= 28)
            {
                value = number * Pow10(exponent);
                return true;
            }
        }
        catch (OverflowException)
        {
            return false;
        }

        return false;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent > 0 ? result * 10 : result / 10;
        }

        return result;
    }
}
