using McpGate.Core.Crypto;

namespace McpGate.Core.Ledger;

/// <summary>
/// Decides when the serving gate signs a checkpoint: when entries exist that no checkpoint covers
/// and either none was signed yet, a change reached a final state since the latest one, or the latest
/// one is at least <see cref="MaxAge"/> old. The server calls <see cref="RunOnceAsync"/> every
/// <see cref="PollInterval"/>; tests call it directly.
/// </summary>
public sealed class LedgerCheckpointer
{
    private readonly ChangeLedger _ledger;
    private readonly Ed25519PrivateKey _gateKey;
    private readonly TimeProvider _timeProvider;

    public LedgerCheckpointer(ChangeLedger ledger, Ed25519PrivateKey gateKey, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(gateKey);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _ledger = ledger;
        _gateKey = gateKey;
        _timeProvider = timeProvider;
    }

    /// <summary>How often the server looks for new entries.</summary>
    public static TimeSpan PollInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>New entries wait at most this long for a checkpoint (plus one poll).</summary>
    public static TimeSpan MaxAge { get; } = TimeSpan.FromMinutes(1);

    public ChangeLedger Ledger => _ledger;

    /// <summary>
    /// Signs a checkpoint if one is due (above), or with <paramref name="evenIfNotDue"/> whenever
    /// entries exist that no checkpoint covers (the gate does so as it stops); returns it, or
    /// <see langword="null"/> when none was signed.
    /// </summary>
    /// <exception cref="LedgerCheckpointException">The ledger does not extend the latest checkpoint, which does verify.</exception>
    /// <exception cref="LedgerStorageException">The ledger's storage refused the write.</exception>
    public async Task<StoredCheckpoint?> RunOnceAsync(bool evenIfNotDue = false, CancellationToken cancellationToken = default)
    {
        var (treeSize, latest, finalSinceLatest) = await _ledger.ReadCheckpointStatusAsync(cancellationToken).ConfigureAwait(false);
        if (latest is not null && treeSize < latest.Checkpoint.TreeSize)
        {
            throw new LedgerCheckpointException($"the ledger is not an extension of stored checkpoint #{latest.Id}: {ChangeLedger.Truncated(latest.Checkpoint.TreeSize, treeSize)}; no checkpoint was signed");
        }

        if (treeSize <= (latest?.Checkpoint.TreeSize ?? 0))
        {
            return null;
        }

        var due = evenIfNotDue || latest is null || finalSinceLatest || _timeProvider.GetUtcNow() - latest.SignedAt >= MaxAge;
        return due ? await _ledger.SignCheckpointAsync(_gateKey, cancellationToken).ConfigureAwait(false) : null;
    }
}
