using System.Globalization;

namespace McpGate.Sandbox.Objects;

/// <summary>RFC 3339 timestamps (second precision, UTC) and kubectl-style ages.</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    /// <summary>The AGE column: "5s", "3m10s", "42m", "5h3m", "3d4h", "40d", "2y".</summary>
    public static string HumanAge(DateTimeOffset? since, DateTimeOffset now)
    {
        if (since is null)
        {
            return "<unknown>";
        }

        var age = now - since.Value;
        if (age < TimeSpan.FromSeconds(-1))
        {
            return "<invalid>";
        }

        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        var seconds = (long)age.TotalSeconds;
        var minutes = (long)age.TotalMinutes;
        var hours = (long)age.TotalHours;
        var days = (long)age.TotalDays;
        return age switch
        {
            _ when seconds < 120 => $"{seconds}s",
            _ when minutes < 10 => seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s",
            _ when minutes < 180 => $"{minutes}m",
            _ when hours < 8 => minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m",
            _ when hours < 48 => $"{hours}h",
            _ when hours < 192 => hours % 24 == 0 ? $"{days}d" : $"{days}d{hours % 24}h",
            _ when days < 365 * 2 => $"{days}d",
            _ => $"{days / 365}y",
        };
    }
}
