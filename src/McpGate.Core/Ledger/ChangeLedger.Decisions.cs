namespace McpGate.Core.Ledger;

public sealed partial class ChangeLedger
{
    /// <summary>
    /// The file a writer of a decision touches after its commit (<c>ledger.db.decided</c> beside a server's <c>ledger.db</c>), so
    /// that the executing gate, in this process or another, looks at the change at once instead of at its next poll.
    /// It holds no data: one byte, rewritten each time. Only a hint; the poll stays the rule.
    /// </summary>
    public string DecisionSignalPath => DatabasePath + ".decided";

    /// <summary>Raised in this process by <see cref="AnnounceDecision"/>, on the announcing thread.</summary>
    public event Action? DecisionAnnounced;

    /// <summary>
    /// Tells the executing gate that a decision was committed: in this process through <see cref="DecisionAnnounced"/>,
    /// in others through <see cref="DecisionSignalPath"/>. Call it after the commit. It never fails: a signal that
    /// cannot be written (a read-only directory, another user's file) only leaves the change to the next poll.
    /// </summary>
    public void AnnounceDecision()
    {
        DecisionAnnounced?.Invoke();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var signal = new FileStream(DecisionSignalPath, options);
            signal.WriteByte(1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The poll finds the decision within its interval.
        }
    }

    /// <summary>
    /// Calls <paramref name="onDecision"/> whenever any process announces a decision on this ledger (the signal
    /// file changes), until the result is disposed; null when the file system cannot watch (say, out of inotify
    /// instances), in which case the caller's poll alone finds decisions. Events may repeat and may come in bursts.
    /// </summary>
    public IDisposable? WatchDecisions(Action onDecision)
    {
        ArgumentNullException.ThrowIfNull(onDecision);
        var directory = Path.GetDirectoryName(Path.GetFullPath(DecisionSignalPath));
        if (directory is null)
        {
            return null;
        }

        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(directory, Path.GetFileName(DecisionSignalPath))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => onDecision();
            watcher.Created += (_, _) => onDecision();

            // A lost event (the kernel's queue overflowed) may have been a decision.
            watcher.Error += (_, _) => onDecision();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
            return null;
        }
    }
}
