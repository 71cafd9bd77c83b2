using System.Globalization;
using System.Text.Json.Nodes;

namespace McpGate.Core.Reads;

/// <summary>Ages as kubectl prints them: <c>45s</c>, <c>12m</c>, <c>5h</c>, <c>3d</c>, <c>2y</c>.</summary>
public static class Ages
{
    public static string Format(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : age.TotalDays < 730 ? $"{(int)age.TotalDays}d"
            : $"{(int)(age.TotalDays / 365)}y";
    }

    /// <summary>The age of an RFC 3339 timestamp at <paramref name="now"/>; <c>&lt;unknown&gt;</c> when absent or unreadable.</summary>
    public static string Since(JsonNode? timestamp, DateTimeOffset now) =>
        timestamp is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? Format(now - time)
            : "<unknown>";
}
