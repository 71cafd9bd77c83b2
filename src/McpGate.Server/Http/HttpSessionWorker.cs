using Microsoft.Extensions.Hosting;

namespace McpGate.Server.Http;

/// <summary>
/// Ends idle sessions and the sessions of revoked tokens, and forgets refilled rate-limit buckets,
/// at a pace set by the idle timeout (from 1 s to 30 s; a session is also checked when it is next
/// used, so expiry never waits for this loop); ends every session when the gate stops.
/// </summary>
internal sealed class HttpSessionWorker(HttpSessionStore sessions, AgentRateLimiter limiter, AgentTokenReloader tokens, GateHttpOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(options.SessionIdleTimeout.TotalSeconds / 4, 1, 30));
        using var timer = new PeriodicTimer(period, options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await sessions.SweepAsync().ConfigureAwait(false);
                if (tokens.Current() is { } current)
                {
                    await sessions.EndRevokedAsync(current).ConfigureAwait(false);
                }

                limiter.Prune();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The gate is stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await sessions.CloseAllAsync().ConfigureAwait(false);
    }
}
