using McpGate.Core.Ledger;

namespace McpGate.Core.Engine;

/// <summary>
/// Keeps an executor's lease on one change alive while it writes and verifies: renews it every
/// third of the lease. When a renewal finds the claim held by someone else (taken over after the
/// lease ran out, for example while this process was stopped), <see cref="Token"/> is cancelled so
/// the work stops; every transition also checks the claim in its own transaction.
/// </summary>
internal sealed class ClaimRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _done = new();
    private readonly CancellationTokenSource _linked;
    private readonly Task _loop;

    private ClaimRenewal(ChangeLedger ledger, string changeId, ExecutorInstance owner, TimeSpan lease, TimeProvider time, CancellationToken cancellationToken)
    {
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lost.Token);
        _loop = RenewAsync(ledger, changeId, owner, lease, time, _done.Token);
    }

    /// <summary>Cancelled when the work's own token is, or when the claim is lost.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>True once a renewal found the claim in other hands.</summary>
    public bool Lost => _lost.IsCancellationRequested;

    public static ClaimRenewal Start(ChangeLedger ledger, string changeId, ExecutorInstance owner, TimeSpan lease, TimeProvider time, CancellationToken cancellationToken) =>
        new(ledger, changeId, owner, lease, time, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _linked.Dispose();
        _lost.Dispose();
        _done.Dispose();
    }

    private async Task RenewAsync(ChangeLedger ledger, string changeId, ExecutorInstance owner, TimeSpan lease, TimeProvider time, CancellationToken done)
    {
        var every = lease / 3;
        while (!done.IsCancellationRequested)
        {
            await Task.Delay(every, time, done).ConfigureAwait(false);
            bool renewed;
            try
            {
                renewed = await ledger.RenewClaimAsync(changeId, owner, lease, done).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // The ledger is unreachable this time (busy, disk): try again; the lease covers two more tries.
                continue;
            }

            if (!renewed)
            {
                await _lost.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }
}
