using System.Text.Json;
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
    /// The changes <paramref name="requester"/> proposed, newest first, optionally only those in
    /// <paramref name="state"/> or made by <paramref name="tool"/>. Another requester's changes are
    /// never returned; a row whose document cannot be read is skipped (<c>mcpgate approvals list</c> shows it).
    /// </summary>
    /// <exception cref="Ledger.LedgerCorruptException">A row's state column is not a change state.</exception>
    public async Task<IReadOnlyList<ChangeDocument>> ListChangesAsync(
        string requester,
        ChangeState? state = null,
        string? tool = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requester);
        var changes = new List<ChangeDocument>();
        foreach (var stored in await _ledger.ListChangesAsync(state, cancellationToken).ConfigureAwait(false))
        {
            ChangeDocument change;
            try
            {
                change = ChangeJson.Deserialize(stored.DocumentJson);
            }
            catch (JsonException)
            {
                continue;
            }

            if (string.Equals(change.Requester, requester, StringComparison.Ordinal)
                && (tool is null || string.Equals(change.Tool, tool, StringComparison.Ordinal)))
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    /// <summary>
    /// Waits until the change reaches a final state (or one <paramref name="until"/> accepts) or
    /// <paramref name="wait"/> passes, reporting each state it sees. Returns the last document seen.
    /// </summary>
    public Task<ChangeDocument?> WaitForChangeAsync(
        string changeId,
        TimeSpan wait,
        Func<ChangeDocument, ValueTask>? onStateChanged,
        CancellationToken cancellationToken = default) =>
        WaitForChangeAsync(changeId, wait, onStateChanged, until: null, cancellationToken);

    /// <inheritdoc cref="WaitForChangeAsync(string, TimeSpan, Func{ChangeDocument, ValueTask}?, CancellationToken)"/>
    public async Task<ChangeDocument?> WaitForChangeAsync(
        string changeId,
        TimeSpan wait,
        Func<ChangeDocument, ValueTask>? onStateChanged,
        Func<ChangeState, bool>? until,
        CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + wait;
        ChangeState? lastState = null;
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

            if (change.State.IsFinal() || until?.Invoke(change.State) == true || _time.GetUtcNow() >= deadline)
            {
                return change;
            }

            await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
