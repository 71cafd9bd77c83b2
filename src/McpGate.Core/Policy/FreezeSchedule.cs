namespace McpGate.Core.Policy;

/// <summary>When writes to a namespace are no longer frozen, across every window (back-to-back windows chain).</summary>
public static class FreezeSchedule
{
    /// <summary>How far ahead an end is looked for; a freeze longer than this reports no end.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    /// <summary>
    /// The first time at or after <paramref name="time"/> that no window covers <paramref name="namespace"/>:
    /// <paramref name="time"/> itself when none covers it now; null when the freeze lasts beyond <see cref="Horizon"/>.
    /// </summary>
    public static DateTimeOffset? FrozenUntil(IEnumerable<FreezeWindow> windows, DateTimeOffset time, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var list = windows.ToList();
        var at = time;
        while (at - time <= Horizon)
        {
            var covering = list.Where(w => w.Covers(at, @namespace)).ToList();
            if (covering.Count == 0)
            {
                return at;
            }

            at = covering.Max(w => w.CoveredUntil(at));
        }

        return null;
    }
}
