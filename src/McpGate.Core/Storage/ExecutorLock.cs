namespace McpGate.Core.Storage;

/// <summary>
/// An exclusive, advisory lock on a file (flock on Unix), held while this process is the one
/// that executes changes for a data directory and cluster. The OS releases it if the process
/// dies, so another server takes over and recovers unfinished work.
/// </summary>
public sealed class ExecutorLock : IDisposable
{
    private readonly FileStream _stream;

    private ExecutorLock(FileStream stream) => _stream = stream;

    public string Path => _stream.Name;

    /// <summary>Takes the lock, or returns null when another process holds it.</summary>
    public static ExecutorLock? TryAcquire(string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return new ExecutorLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A lock file name for one cluster, safe for any context name.</summary>
    public static string FileName(string cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return $"executor-{DataDirectory.FileNamePart(cluster)}.lock";
    }

    public void Dispose() => _stream.Dispose();
}
