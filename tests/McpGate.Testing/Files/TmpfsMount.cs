using McpGate.Testing.Processes;

namespace McpGate.Testing.Files;

/// <summary>
/// A small tmpfs file system of its own, so a test can fill a real disk or make it read-only.
/// Mounting needs root (or CAP_SYS_ADMIN); <see cref="SkipReason"/> says why it is not possible
/// here, and tests then skip with that reason (<see cref="TmpfsFactAttribute"/>).
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private static readonly Lazy<string?> s_skipReason = new(Probe);
    private readonly TempDirectory _folder = new("mcpgate-tmpfs-");

    private TmpfsMount(long sizeBytes)
    {
        Mount("-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", Path);
    }

    public string Path => _folder.Path;

    /// <summary>Null when tmpfs can be mounted here; otherwise why not.</summary>
    public static string? SkipReason => s_skipReason.Value;

    public static TmpfsMount Create(long sizeBytes = 4 * 1024 * 1024) => new(sizeBytes);

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a filler file until the file system has no space left.</summary>
    public void Fill()
    {
        var buffer = new byte[4096];
        using var filler = new FileStream(Combine(".filler"), FileMode.Append, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough);
        try
        {
            while (true)
            {
                filler.Write(buffer);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full, which is the point.
        }
    }

    /// <summary>Fills the file system, then gives back <paramref name="bytes"/> of the filler: almost full.</summary>
    public void FillLeaving(long bytes)
    {
        Fill();
        using var filler = new FileStream(Combine(".filler"), FileMode.Open, FileAccess.Write);
        filler.SetLength(Math.Max(0, filler.Length - bytes));
    }

    /// <summary>Deletes the filler: space returns.</summary>
    public void Free() => File.Delete(Combine(".filler"));

    public void MakeReadOnly() => Mount("-o", "remount,ro", Path);

    /// <summary>Undoes <see cref="MakeReadOnly"/>.</summary>
    public void MakeWritable() => Mount("-o", "remount,rw", Path);

    public void Dispose()
    {
        RunMount("umount", "-l", Path);
        _folder.Dispose();
    }

    private static void Mount(params string[] arguments)
    {
        var (code, error) = RunMount("mount", arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"mount {string.Join(' ', arguments)} failed ({code}): {error}");
        }
    }

    private static (int Code, string Error) RunMount(string command, params string[] arguments)
    {
        var result = ProcessRunner.RunAsync(command, arguments, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return (result.ExitCode, result.StandardError.Trim());
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tmpfs mounts need Linux";
        }

        try
        {
            using var probe = new TmpfsMount(64 * 1024);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return $"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {ex.Message}";
        }
    }
}
