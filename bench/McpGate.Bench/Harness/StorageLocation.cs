namespace McpGate.Bench.Harness;

/// <summary>A folder the ledger benchmarks write to, with the file system it lives on.</summary>
internal sealed record StorageLocation(string Label, string Root, string FileSystem)
{
    /// <summary>
    /// The system temp folder (where a data directory usually lives: a real disk, so every
    /// <c>synchronous = FULL</c> commit pays an fsync) and, when present, /dev/shm (tmpfs: fsync
    /// is free, which leaves the software cost alone).
    /// </summary>
    public static IReadOnlyList<StorageLocation> Available()
    {
        var temp = Path.GetTempPath();
        var locations = new List<StorageLocation> { new("disk", temp, FileSystemOf(temp)) };
        const string SharedMemory = "/dev/shm";
        if (Directory.Exists(SharedMemory) && FileSystemOf(SharedMemory) == "tmpfs")
        {
            locations.Add(new("tmpfs", SharedMemory, "tmpfs"));
        }

        return locations;
    }

    public string CreateFolder(string prefix) =>
        Directory.CreateDirectory(Path.Combine(Root, prefix + Guid.NewGuid().ToString("N")[..8])).FullName;

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may linger for a moment; the OS cleans temp folders.
        }
    }

    /// <summary>The type of the longest mount point above <paramref name="path"/>, from /proc/mounts.</summary>
    private static string FileSystemOf(string path)
    {
        const string Mounts = "/proc/mounts";
        if (!File.Exists(Mounts))
        {
            return "unknown";
        }

        var full = Path.GetFullPath(path).TrimEnd('/') + "/";
        var best = (MountPoint: string.Empty, Type: "unknown");
        foreach (var line in File.ReadLines(Mounts))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }

            var mountPoint = fields[1].TrimEnd('/') + "/";
            if (full.StartsWith(mountPoint, StringComparison.Ordinal) && mountPoint.Length > best.MountPoint.Length)
            {
                best = (mountPoint, fields[2]);
            }
        }

        return best.Type;
    }
}
