using McpGate.Sandbox.Diagnostics;
using Microsoft.Extensions.Logging;

namespace McpGate.Sandbox.Storage;

/// <summary>
/// Saves the store to the state file after writes settle: <see cref="Debounce"/> after the last
/// change (at most <see cref="MaxDelay"/> after the first unsaved one), and once more on dispose.
/// </summary>
internal sealed class StatePersister : IAsyncDisposable
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly ObjectStore _store;
    private readonly string _path;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private DateTimeOffset? _dirtySince;
    private bool _disposed;

    public StatePersister(ObjectStore store, string path, TimeProvider timeProvider, ILogger logger)
    {
        _store = store;
        _path = path;
        _timeProvider = timeProvider;
        _logger = logger;
        _timer = timeProvider.CreateTimer(_ => _ = SaveAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _store.Changed += OnChanged;
    }

    /// <summary>Writes the state now (atomically); throws when the file cannot be written.</summary>
    public async Task SaveNowAsync()
    {
        await _writing.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                _dirtySince = null;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            var content = _store.ExportState();
            await Task.Run(() => StateFile.Write(_path, content)).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _store.Changed -= OnChanged;
        lock (_gate)
        {
            _disposed = true;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        await SaveNowAsync().ConfigureAwait(false);
        _writing.Dispose();
    }

    private void OnChanged(object? sender, StoreChange change)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            _dirtySince ??= now;
            var wait = Debounce;
            var latest = _dirtySince.Value + MaxDelay - now;
            _timer.Change(latest < wait ? (latest < TimeSpan.Zero ? TimeSpan.Zero : latest) : wait, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            await SaveNowAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            SandboxLog.StateSaveFailed(_logger, ex, _path);
        }
    }
}
