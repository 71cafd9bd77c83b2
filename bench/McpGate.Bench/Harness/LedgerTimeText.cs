using System.Globalization;

namespace McpGate.Bench.Harness;

/// <summary>The ledger's time column format (RFC 3339 UTC, milliseconds), for the raw baselines.</summary>
internal static class LedgerTimeText
{
    public static string Now() =>
        TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
