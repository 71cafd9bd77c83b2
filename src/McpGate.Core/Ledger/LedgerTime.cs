using System.Globalization;

namespace McpGate.Core.Ledger;

/// <summary>The ledger's one time format: RFC 3339, UTC, exactly three fractional digits, <c>Z</c>.</summary>
internal static class LedgerTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Now, truncated to whole milliseconds so it survives a round trip through its text.</summary>
    public static DateTimeOffset Now(TimeProvider timeProvider)
    {
        var utc = timeProvider.GetUtcNow().UtcTicks;
        return new DateTimeOffset(utc - (utc % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static string ToText(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        TryParse(text, out var time)
            ? time
            : throw new FormatException($"'{text}' is not a ledger time (RFC 3339 UTC with milliseconds, e.g. 2026-01-02T03:04:05.678Z).");

    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text,
            Format,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);
}
