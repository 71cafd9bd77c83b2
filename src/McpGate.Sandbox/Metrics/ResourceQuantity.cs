using System.Globalization;

namespace McpGate.Sandbox.Metrics;

/// <summary>
/// Kubernetes resource quantities as metrics-server writes and reads them: CPU in nanocores,
/// memory in bytes, formatted canonically ("12345678n", "3m", "2"; "20480Ki", "64Mi").
/// </summary>
internal static class ResourceQuantity
{
    private static readonly (string Suffix, decimal Factor)[] s_suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m),
        ("k", 1000m), ("M", 1000000m), ("G", 1000000000m), ("T", 1000000000000m),
    ];

    /// <summary>The value of "250m", "0.5", "128Mi", "1G"...; null when it is not a quantity.</summary>
    public static decimal? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var (suffix, factor) in s_suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && decimal.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var scaled))
            {
                return scaled * factor;
            }
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var plain) ? plain : null;
    }

    /// <summary>Nanocores as a canonical decimal quantity: 3000000 is "3m", 12345678 stays "12345678n".</summary>
    public static string Cpu(long nanocores)
    {
        string[] suffixes = ["n", "u", "m", string.Empty];
        var value = nanocores;
        var index = 0;
        while (index < suffixes.Length - 1 && value != 0 && value % 1000 == 0)
        {
            value /= 1000;
            index++;
        }

        return value == 0 ? "0" : string.Create(CultureInfo.InvariantCulture, $"{value}{suffixes[index]}");
    }

    /// <summary>Bytes as a canonical binary quantity: 20971520 is "20Mi"; bytes not a multiple of 1024 stay plain.</summary>
    public static string Memory(long bytes)
    {
        string[] suffixes = [string.Empty, "Ki", "Mi", "Gi", "Ti"];
        var value = bytes;
        var index = 0;
        while (index < suffixes.Length - 1 && value != 0 && value % 1024 == 0)
        {
            value /= 1024;
            index++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value}{suffixes[index]}");
    }
}
