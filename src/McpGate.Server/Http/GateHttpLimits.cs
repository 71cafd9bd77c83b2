using System.Globalization;
using System.Text.RegularExpressions;

namespace McpGate.Server.Http;

/// <summary>
/// The bounds of <c>serve --http</c>: session expiry and caps, and the per-identity rate limits,
/// with their defaults and the rules their options follow.
/// </summary>
public static partial class GateHttpLimits
{
    public static readonly TimeSpan DefaultSessionIdleTimeout = TimeSpan.FromMinutes(30);

    public const int DefaultMaxSessions = 1000;

    public const int DefaultMaxSessionsPerIdentity = 100;

    public const int DefaultCallsPerMinute = 600;

    public const int DefaultWritesPerMinute = 30;

    /// <summary>The largest count any of the options takes.</summary>
    public const int MaxCount = 1_000_000;

    private static readonly TimeSpan s_minIdleTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxIdleTimeout = TimeSpan.FromDays(7);

    /// <summary>A duration such as <c>90s</c>, <c>30m</c> or <c>2h</c>, from 1 s to 7 days.</summary>
    /// <exception cref="FormatException">The message names <paramref name="option"/> and the rule.</exception>
    public static TimeSpan ParseDuration(string option, string? text)
    {
        var rule = $"{option} {McpGate.Core.Policy.Identities.Show(text)}: must be a whole number of seconds, minutes or hours, e.g. 90s, 30m or 2h, from 1s to 168h";
        if (text is null || DurationText().Match(text) is not { Success: true } match
            || !long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            throw new FormatException(rule);
        }

        var seconds = match.Groups[2].Value switch { "s" => amount, "m" => amount * 60, _ => amount * 3600 };
        var duration = TimeSpan.FromSeconds(seconds);
        return duration < s_minIdleTimeout || duration > s_maxIdleTimeout ? throw new FormatException(rule) : duration;
    }

    /// <summary>A whole number from 1 to <see cref="MaxCount"/>.</summary>
    /// <exception cref="FormatException">The message names <paramref name="option"/> and the rule.</exception>
    public static int ParseCount(string option, string? text) =>
        text is not null && text.Length <= 7 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxCount
            ? count
            : throw new FormatException($"{option} {McpGate.Core.Policy.Identities.Show(text)}: must be a whole number from 1 to {MaxCount.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Why the limits cannot be used together, naming the options, or null.</summary>
    public static string? Refusal(GateHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxSessionsPerIdentity > options.MaxSessions)
        {
            return $"--max-sessions-per-identity {options.MaxSessionsPerIdentity.ToString(CultureInfo.InvariantCulture)} is more than --max-sessions {options.MaxSessions.ToString(CultureInfo.InvariantCulture)}: one identity cannot have more sessions than the gate";
        }

        if (options.WritesPerMinute > options.CallsPerMinute)
        {
            return $"--writes-per-minute {options.WritesPerMinute.ToString(CultureInfo.InvariantCulture)} is more than --calls-per-minute {options.CallsPerMinute.ToString(CultureInfo.InvariantCulture)}: every write is also a call";
        }

        return null;
    }

    /// <summary>Seconds for <c>Retry-After</c>: whole, rounded up, at least 1.</summary>
    public static int RetryAfterSeconds(TimeSpan wait) => (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, int.MaxValue);

    [GeneratedRegex(@"^([0-9]{1,9})([smh])\z", RegexOptions.CultureInvariant)]
    private static partial Regex DurationText();
}
