using System.Globalization;

namespace McpGate.Bench.Harness;

/// <summary>Formats microseconds as µs or ms, whichever reads better.</summary>
internal static class Units
{
    public static string Format(double microseconds) => Math.Abs(microseconds) >= 1000
        ? (microseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : microseconds.ToString(Math.Abs(microseconds) >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " µs";

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
