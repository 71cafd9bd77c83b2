using System.Diagnostics;
using System.Security.Cryptography;

namespace McpGate.Core.Ledger;

/// <summary>
/// One running executor: a random instance id made when it starts, and where it runs (host,
/// process id and the process's start time), so that another executor on the same host can
/// check whether it is verifiably dead.
/// </summary>
public sealed record ExecutorInstance
{
    /// <summary>32 lowercase hex digits from <see cref="RandomNumberGenerator"/>.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The host name, plus the kernel's boot id and the pid namespace where readable: a pid means the same process only when all match.</summary>
    public required string Host { get; init; }

    public required int ProcessId { get; init; }

    /// <summary>UTC, whole milliseconds.</summary>
    public required DateTimeOffset ProcessStart { get; init; }

    /// <summary>A new instance for this process, with a fresh random id.</summary>
    public static ExecutorInstance ForCurrentProcess()
    {
        using var process = Process.GetCurrentProcess();
        return new ExecutorInstance
        {
            InstanceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Host = CurrentHost(),
            ProcessId = Environment.ProcessId,
            ProcessStart = ProcessLiveness.StartTimeOf(process),
        };
    }

    /// <summary>What "the same host" means for process ids: same name, same boot, same pid namespace.</summary>
    public static string CurrentHost()
    {
        var parts = new List<string> { Environment.MachineName };
        if (TryRead("/proc/sys/kernel/random/boot_id") is { } boot)
        {
            parts.Add("boot=" + boot);
        }

        if (TryLink("/proc/self/ns/pid") is { } pidNamespace)
        {
            parts.Add("pidns=" + pidNamespace);
        }

        return string.Join(' ', parts);
    }

    public override string ToString() => $"{InstanceId} (pid {ProcessId} on {Host})";

    private static string? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? TryLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
