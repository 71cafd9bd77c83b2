using McpGate.Core.Changes;

namespace McpGate.Core.Engine;

public sealed partial class ChangeEngine
{
    public async Task<ChangeDocument?> GetChangeAsync(string changeId, CancellationToken cancellationToken = default)
    {
        var stored = await _ledger.GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : ChangeJson.Deserialize(stored.DocumentJson);
    }

    /// <summary>
    /// Waits until the change reaches a final state or <paramref name="wait"/> passes, reporting
    /// each state it sees. Returns the last document seen.
    /// </summary>
    public async Task<ChangeDocument?> WaitForChangeAsync(
        string changeId,
        TimeSpan wait,
        Func<ChangeDocument, ValueTask>? onStateChanged,
        CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + wait;
        string? lastState = null;
        while (true)
        {
            var change = await GetChangeAsync(changeId, cancellationToken).ConfigureAwait(false);
            if (change is null)
            {
                return null;
            }

            if (change.State != lastState)
            {
                lastState = change.State;
                if (onStateChanged is not null)
                {
                    await onStateChanged(change).ConfigureAwait(false);
                }
            }

            if (ChangeStates.Parse(change.State).IsFinal() || _time.GetUtcNow() >= deadline)
            {
                return change;
            }

            await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
