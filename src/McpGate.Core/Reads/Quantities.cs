using System.Globalization;
using System.Text.RegularExpressions;

namespace McpGate.Core.Reads;

/// <summary>
/// Kubernetes resource quantities (<c>250m</c>, <c>1.5</c>, <c>12345678n</c>, <c>128Mi</c>, <c>1G</c>, <c>1e3</c>):
/// a signed number, then a binary suffix (Ki..Ei), a decimal suffix (n, u, m, k, M, G, T, P, E) or an exponent.
/// </summary>
public static partial class Quantities
{
    private const decimal Ki = 1024m;

    private static readonly Dictionary<string, decimal> s_factors = new(StringComparer.Ordinal)
    {
        [string.Empty] = 1m,
        ["n"] = 0.000000001m,
        ["u"] = 0.000001m,
        ["m"] = 0.001m,
        ["k"] = 1e3m,
        ["M"] = 1e6m,
        ["G"] = 1e9m,
        ["T"] = 1e12m,
        ["P"] = 1e15m,
        ["E"] = 1e18m,
        ["Ki"] = Ki,
        ["Mi"] = Ki * Ki,
        ["Gi"] = Ki * Ki * Ki,
        ["Ti"] = Ki * Ki * Ki * Ki,
        ["Pi"] = Ki * Ki * Ki * Ki * Ki,
        ["Ei"] = Ki * Ki * Ki * Ki * Ki * Ki,
    };

    /// <summary>The value in base units (cores, bytes, pods); null when the text is no quantity or is out of range.</summary>
    public static decimal? Parse(string? text)
    {
        if (text is null || Syntax().Match(text.Trim()) is not { Success: true } match
            || !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var suffix = match.Groups["suffix"].Value;
        try
        {
            if (match.Groups["exponent"].Success)
            {
                var exponent = int.Parse(match.Groups["exponent"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return exponent is < -28 or > 28 ? null : number * Power10(exponent);
            }

            return number * s_factors[suffix];
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>CPU in millicores, rounded up as kubectl does (<c>1500000n</c> is 2m); null when not a quantity.</summary>
    public static long? Millicores(string? text) =>
        Parse(text) is { } cores && cores * 1000m is var milli && milli <= long.MaxValue ? (long)Math.Ceiling(milli) : null;

    /// <summary>Memory in whole mebibytes, cut down as kubectl top prints it (<c>20480Ki</c> is 20, <c>1.5Mi</c> is 1); null when not a quantity.</summary>
    public static long? Mebibytes(string? text) =>
        Parse(text) is { } bytes && bytes / (Ki * Ki) is var mi && mi <= long.MaxValue ? (long)Math.Floor(mi) : null;

    private static decimal Power10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent > 0 ? result * 10m : result / 10m;
        }

        return result;
    }

    [GeneratedRegex(@"\A(?<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE](?<exponent>[+-]?[0-9]{1,3})|(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)\z")]
    private static partial Regex Syntax();
}
