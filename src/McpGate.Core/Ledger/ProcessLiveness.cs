using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace McpGate.Core.Ledger;

/// <summary>
/// Decides whether a claim's owner is gone. A lease that expired is gone wherever it runs. On
/// the same host (same name, boot and pid namespace) an owner whose process id is not running,
/// is a zombie, or belongs to a process started at another time is verifiably dead. Anything
/// else is alive, including an owner on another host whose lease still runs.
/// </summary>
public static class ProcessLiveness
{
    /// <summary>Why the owner of <paramref name="claim"/> is gone, or <see langword="null"/> while it may still be alive.</summary>
    public static string? WhyGone(ExecutorClaim claim, ExecutorInstance asking, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(asking);
        if (claim.LeaseExpires <= now)
        {
            return $"its lease expired at {LedgerTime.ToText(claim.LeaseExpires)}";
        }

        if (!string.Equals(claim.Owner.Host, asking.Host, StringComparison.Ordinal))
        {
            return null;
        }

        return WhyDead(claim.Owner.ProcessId, claim.Owner.ProcessStart);
    }

    /// <summary>Why process <paramref name="processId"/> started at <paramref name="start"/> is dead on this host, or null while it runs.</summary>
    public static string? WhyDead(int processId, DateTimeOffset start)
    {
        if (IsZombie(processId))
        {
            return $"process {processId} has exited";
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            var actual = StartTimeOf(process);
            return (actual - start).Duration() < TimeSpan.FromSeconds(1)
                ? null
                : $"process {processId} is another process (started {LedgerTime.ToText(actual)}, not {LedgerTime.ToText(start)})";
        }
        catch (ArgumentException)
        {
            return $"process {processId} is not running";
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Cannot tell: treat it as alive; the lease still expires.
            return null;
        }
    }

    /// <summary>A process's start time, UTC, truncated to whole milliseconds.</summary>
    public static DateTimeOffset StartTimeOf(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var utc = new DateTimeOffset(process.StartTime.ToUniversalTime()).UtcTicks;
        return new DateTimeOffset(utc - (utc % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>A killed child stays a zombie until its parent reaps it; it runs nothing any more.</summary>
    private static bool IsZombie(int processId)
    {
        try
        {
            var stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{processId}/stat"));
            var afterName = stat.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
