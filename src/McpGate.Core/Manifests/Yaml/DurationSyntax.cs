using System.Globalization;
using System.Text.RegularExpressions;

namespace McpGate.Core.Manifests.Yaml;

/// <summary>Durations as written in manifests and policies: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1h30m</c>.</summary>
internal static partial class DurationSyntax
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!Whole().IsMatch(text))
        {
            return false;
        }

        try
        {
            foreach (Match part in Part().Matches(text))
            {
                var amount = long.Parse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                value += part.Groups[2].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromHours(amount),
                };
            }
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            return false;
        }

        return value > TimeSpan.Zero;
    }

    public static string Format(TimeSpan value) => value switch
    {
        _ when value.Ticks % TimeSpan.TicksPerHour == 0 => $"{(long)value.TotalHours}h",
        _ when value.Ticks % TimeSpan.TicksPerMinute == 0 => $"{(long)value.TotalMinutes}m",
        _ when value.Ticks % TimeSpan.TicksPerSecond == 0 => $"{(long)value.TotalSeconds}s",
        _ => $"{(long)value.TotalMilliseconds}ms",
    };

    [GeneratedRegex(@"\A([0-9]{1,9}(ms|s|m|h))+\z")]
    private static partial Regex Whole();

    [GeneratedRegex(@"([0-9]{1,9})(ms|s|m|h)")]
    private static partial Regex Part();
}
