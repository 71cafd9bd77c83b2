using System.Collections.Concurrent;
using System.Globalization;
using McpGate.Core.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Http;

/// <summary>
/// The live sessions of <c>serve --http</c>: opened within the caps (total and per identity), found
/// only by the token that opened them, ended by DELETE, by idle expiry or by shutdown.
/// </summary>
internal sealed partial class HttpSessionStore(GateHttpOptions options, ILogger<HttpSessionStore> logger)
{
    /// <summary>Longer header values are no session id of ours (43 characters).</summary>
    private const int MaxIdLength = 64;

    private readonly ConcurrentDictionary<string, HttpSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _opening = new();

    public int Count => _sessions.Count;

    /// <summary>
    /// Opens a session for <paramref name="agent"/> with <paramref name="create"/> (given the new id),
    /// or refuses when a cap is reached: 429 for the identity's cap, 503 for the gate's.
    /// </summary>
    public async Task<SessionOpening> OpenAsync(AgentToken agent, Func<string, HttpSession> create)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(create);
        await SweepAsync().ConfigureAwait(false);
        HttpSession session;
        IDisposable lease;
        lock (_opening)
        {
            var live = _sessions.Values.ToList();
            var mine = live.Where(s => string.Equals(s.Identity, agent.Identity, StringComparison.Ordinal)).ToList();
            if (mine.Count >= options.MaxSessionsPerIdentity)
            {
                var reason = $"{agent.Identity} already has {mine.Count.ToString(CultureInfo.InvariantCulture)} sessions, the most one identity may have (serve --max-sessions-per-identity): "
                    + $"end one with DELETE /mcp, or wait until one has been idle for {Show(options.SessionIdleTimeout)}";
                return Refused(StatusCodes.Status429TooManyRequests, reason, mine, agent);
            }

            if (live.Count >= options.MaxSessions)
            {
                var reason = $"the gate already has {live.Count.ToString(CultureInfo.InvariantCulture)} sessions, the most it keeps (serve --max-sessions): "
                    + $"retry when one has ended or been idle for {Show(options.SessionIdleTimeout)}";
                return Refused(StatusCodes.Status503ServiceUnavailable, reason, live, agent);
            }

            session = create(HttpSession.NewId());
            lease = session.TryUse()!;
            _sessions[session.Id] = session;
        }

        Log.Opened(logger, session.ShownId, agent.Identity, agent.HashPrefix, _sessions.Count);
        _ = session.Run.ContinueWith(_ => EndAsync(session, "its MCP server stopped"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new SessionOpening(session, lease, StatusCodes.Status200OK, null, null);
    }

    /// <summary>
    /// The session with this id if <paramref name="agent"/>'s token opened it and it has not ended or
    /// expired, marked in use until the lease is disposed; otherwise null, the same for every reason
    /// (another token's session is answered as if it did not exist).
    /// </summary>
    public async Task<(HttpSession Session, IDisposable Lease)?> UseAsync(string? id, AgentToken agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (id is null || id.Length > MaxIdLength || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        if (!session.BelongsTo(agent))
        {
            Log.OtherToken(logger, session.ShownId, agent.Identity, agent.HashPrefix);
            return null;
        }

        if (session.TryExpire(options.SessionIdleTimeout))
        {
            await CloseAsync(session, $"idle for {Show(options.SessionIdleTimeout)} or longer").ConfigureAwait(false);
            return null;
        }

        return session.TryUse() is { } lease ? (session, lease) : null;
    }

    /// <summary>Ends the session (DELETE, or its server stopped); nothing when it has already ended.</summary>
    public async Task EndAsync(HttpSession session, string reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.TryEnd())
        {
            await CloseAsync(session, reason).ConfigureAwait(false);
        }
    }

    /// <summary>Ends every session idle for the timeout or longer.</summary>
    public async Task SweepAsync()
    {
        foreach (var session in _sessions.Values)
        {
            if (session.TryExpire(options.SessionIdleTimeout))
            {
                await CloseAsync(session, $"idle for {Show(options.SessionIdleTimeout)} or longer").ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Ends the sessions whose token is no longer in tokens.yaml: a revoked token's requests are
    /// refused at once, and this also closes its open GET streams, after a log message on them
    /// that says why.
    /// </summary>
    public async Task EndRevokedAsync(AgentTokenSet current)
    {
        ArgumentNullException.ThrowIfNull(current);
        foreach (var session in _sessions.Values)
        {
            if (!current.Tokens.Any(session.BelongsTo) && session.TryEnd())
            {
                await session.TellAsync("mcpgate: this session ends: its bearer token was revoked").ConfigureAwait(false);
                await CloseAsync(session, "its token was revoked").ConfigureAwait(false);
            }
        }
    }

    /// <summary>Ends every session: the gate is stopping.</summary>
    public async Task CloseAllAsync()
    {
        var closing = _sessions.Values.Where(s => s.TryEnd()).Select(s => CloseAsync(s, "the gate is stopping")).ToList();
        await Task.WhenAll(closing).ConfigureAwait(false);
    }

    private SessionOpening Refused(int status, string reason, IReadOnlyList<HttpSession> counted, AgentToken agent)
    {
        Log.CapReached(logger, agent.Identity, agent.HashPrefix, status, reason);

        // When the first idle one of the counted sessions expires, if any is idle.
        var firstExpiry = counted.Select(s => s.IdleSince).Where(t => t is not null).Min() + options.SessionIdleTimeout;
        var retryAfter = firstExpiry is { } at ? at - options.Time.GetUtcNow() : (TimeSpan?)null;
        return new SessionOpening(null, null, status, reason, retryAfter);
    }

    private async Task CloseAsync(HttpSession session, string reason)
    {
        _sessions.TryRemove(new KeyValuePair<string, HttpSession>(session.Id, session));
        Log.Ended(logger, session.ShownId, session.Identity, reason, _sessions.Count);
        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.CloseFailed(logger, session.ShownId, Transport.ControlText.Escape(ex.Message));
        }
    }

    private static string Show(TimeSpan span) =>
        span.TotalHours >= 1 && span.Minutes == 0 && span.Seconds == 0 ? $"{span.TotalHours.ToString(CultureInfo.InvariantCulture)} h"
        : span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{span.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min"
        : $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";

    private static partial class Log
    {
        [LoggerMessage(EventId = 2320, Level = LogLevel.Information, Message = "HTTP session {Session} opened by {Identity} (token sha256:{TokenPrefix}); {Count} live")]
        public static partial void Opened(ILogger logger, string session, string identity, string tokenPrefix, int count);

        [LoggerMessage(EventId = 2321, Level = LogLevel.Information, Message = "HTTP session {Session} of {Identity} ended: {Reason}; {Count} live")]
        public static partial void Ended(ILogger logger, string session, string identity, string reason, int count);

        [LoggerMessage(EventId = 2322, Level = LogLevel.Warning, Message = "HTTP session {Session} was presented by {Identity} (token sha256:{TokenPrefix}), not by the token that opened it: answered as unknown")]
        public static partial void OtherToken(ILogger logger, string session, string identity, string tokenPrefix);

        [LoggerMessage(EventId = 2323, Level = LogLevel.Warning, Message = "HTTP session refused to {Identity} (token sha256:{TokenPrefix}) with {Status}: {Reason}")]
        public static partial void CapReached(ILogger logger, string identity, string tokenPrefix, int status, string reason);

        [LoggerMessage(EventId = 2324, Level = LogLevel.Warning, Message = "HTTP session {Session} did not close cleanly: {Reason}")]
        public static partial void CloseFailed(ILogger logger, string session, string reason);
    }
}
