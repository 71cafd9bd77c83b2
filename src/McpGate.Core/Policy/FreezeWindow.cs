using System.Globalization;

namespace McpGate.Core.Policy;

/// <summary>
/// A period when writes are blocked: either recurring (local <see cref="Start"/> to
/// <see cref="End"/> in <see cref="TimeZoneId"/> on <see cref="Days"/>, wrapping past midnight
/// when End is before Start) or one-off (<see cref="From"/> to <see cref="To"/>).
/// Start and From are inclusive, End and To exclusive.
/// </summary>
public sealed record FreezeWindow
{
    public required string Name { get; init; }

    /// <summary>Namespace selectors; null covers every namespace and cluster-scoped targets.</summary>
    public IReadOnlyList<string>? Namespaces { get; init; }

    /// <summary>IANA time zone of a recurring window.</summary>
    public string? TimeZoneId { get; init; }

    /// <summary>Days a recurring window starts on; null means every day.</summary>
    public IReadOnlyList<DayOfWeek>? Days { get; init; }

    /// <summary>Local start time of a recurring window.</summary>
    public TimeSpan? Start { get; init; }

    /// <summary>Local end time of a recurring window; up to 24:00.</summary>
    public TimeSpan? End { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public bool IsRecurring => TimeZoneId is not null;

    internal TimeZoneInfo? TimeZone { get; init; }

    public bool Covers(DateTimeOffset time, string? @namespace)
    {
        if (!NamePattern.MatchesAny(Namespaces, @namespace))
        {
            return false;
        }

        if (From is { } from && To is { } to)
        {
            return time >= from && time < to;
        }

        if (TimeZone is not { } zone || Start is not { } start || End is not { } end)
        {
            return false;
        }

        // Compare wall-clock times in the window's zone, so 09:00 stays 09:00 across DST.
        var local = TimeZoneInfo.ConvertTime(time, zone);
        var clock = local.TimeOfDay;
        var day = local.DayOfWeek;
        if (start < end)
        {
            return OnDay(day) && clock >= start && clock < end;
        }

        var yesterday = (DayOfWeek)(((int)day + 6) % 7);
        return (OnDay(day) && clock >= start) || (OnDay(yesterday) && clock < end);
    }

    /// <summary>
    /// The end of the period of this window that covers <paramref name="time"/> (which it must
    /// cover): <see cref="To"/>, or today's or tomorrow's local <see cref="End"/> in the window's zone.
    /// Always later than <paramref name="time"/>.
    /// </summary>
    public DateTimeOffset CoveredUntil(DateTimeOffset time)
    {
        if (From is not null && To is { } to)
        {
            return to > time ? to : time.AddMinutes(1);
        }

        if (TimeZone is not { } zone || Start is not { } start || End is not { } end)
        {
            return time.AddMinutes(1);
        }

        var local = TimeZoneInfo.ConvertTime(time, zone);
        var endsTomorrow = start >= end && OnDay(local.DayOfWeek) && local.TimeOfDay >= start;
        var wall = DateTime.SpecifyKind(local.Date.AddDays(endsTomorrow ? 1 : 0) + end, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall))
        {
            wall = wall.AddMinutes(15); // A wall time skipped by a DST change: the window ends at the first one that exists.
        }

        var ends = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
        return ends > time ? ends : time.AddMinutes(1);
    }

    /// <summary>When the window applies, e.g. <c>sat, sun 00:00-24:00 Europe/Paris</c>.</summary>
    public string Describe()
    {
        if (From is { } from && To is { } to)
        {
            return $"from {Iso(from)} to {Iso(to)}";
        }

        var days = Days is null ? "every day" : string.Join(", ", Days.Select(d => d.ToString()[..3].ToLowerInvariant()));
        return $"{days} {Clock(Start)}-{Clock(End)} {TimeZoneId}";
    }

    private bool OnDay(DayOfWeek day) => Days is null || Days.Contains(day);

    private static string Clock(TimeSpan? time) => time is { } t ? $"{(int)t.TotalHours:00}:{t.Minutes:00}" : "?";

    private static string Iso(DateTimeOffset time) =>
        time.Offset == TimeSpan.Zero
            ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
