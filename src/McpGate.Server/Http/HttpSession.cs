using System.Security.Cryptography;
using McpGate.Core.Tokens;
using Microsoft.AspNetCore.WebUtilities;
using ModelContextProtocol.Server;

namespace McpGate.Server.Http;

/// <summary>
/// One MCP session over Streamable HTTP: the SDK's stateful transport and the long-lived server
/// reading from it, bound to the token (by its SHA-256) that created it. It is in use while any
/// request on it is open (a POST, or the GET stream); its idle time counts from when the last ended.
/// </summary>
internal sealed class HttpSession : IAsyncDisposable
{
    /// <summary>How many characters of a session id the log shows: enough to follow one, useless to take it over.</summary>
    public const int ShownLength = 8;

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly TimeProvider _time;
    private readonly byte[] _tokenSha256;
    private IAsyncDisposable? _server;
    private Func<string, CancellationToken, Task>? _tell;
    private Task _run = Task.CompletedTask;
    private int _uses;
    private DateTimeOffset _lastUsed;
    private bool _ended;
    private int _getStarted;

    public HttpSession(string id, AgentToken agent, StreamableHttpServerTransport transport, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(agent);
        Id = id;
        Identity = agent.Identity;
        TokenHashPrefix = agent.HashPrefix;
        _tokenSha256 = System.Text.Encoding.ASCII.GetBytes(agent.Sha256);
        Transport = transport;
        _time = time;
        _lastUsed = time.GetUtcNow();
    }

    public string Id { get; }

    /// <summary>The start of the id, for the log: a session id is a credential and never logged in full.</summary>
    public string ShownId => Show(Id);

    /// <summary>The identity of the token that created the session, for the caps and the log.</summary>
    public string Identity { get; }

    public string TokenHashPrefix { get; }

    public StreamableHttpServerTransport Transport { get; }

    /// <summary>Cancelled when the session ends. (The source is never disposed: GET streams and runs may still hold its token.)</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>A new session id: 32 bytes from <see cref="RandomNumberGenerator"/>, base64url (43 visible ASCII characters).</summary>
    public static string NewId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Show(string id) => id.Length <= ShownLength ? id : string.Concat(id.AsSpan(0, ShownLength), "…");

    /// <summary>
    /// Starts the session's server: <paramref name="run"/> reads the transport until the session ends;
    /// <paramref name="tell"/>, when given, sends the client a log message (on its GET stream, if open).
    /// </summary>
    public void Start(IAsyncDisposable server, Func<CancellationToken, Task> run, Func<string, CancellationToken, Task>? tell = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        _server = server;
        _tell = tell;
        _run = run(_closed.Token);
    }

    /// <summary>Best effort, within 2 s: tells the client why its session ends before the transport closes.</summary>
    public async Task TellAsync(string text)
    {
        if (_tell is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _tell(text, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The client is gone or not listening: the session ends all the same.
        }
    }

    /// <summary>Completes when the session's server stops, by itself or because the session ended.</summary>
    public Task Run => _run;

    /// <summary>Whether <paramref name="agent"/>'s token is the one that created the session (compared in constant time).</summary>
    public bool BelongsTo(AgentToken agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return CryptographicOperations.FixedTimeEquals(_tokenSha256, System.Text.Encoding.ASCII.GetBytes(agent.Sha256));
    }

    /// <summary>Marks the session in use until the lease is disposed; null once it has ended.</summary>
    public IDisposable? TryUse()
    {
        lock (_lock)
        {
            if (_ended)
            {
                return null;
            }

            _uses++;
            _lastUsed = _time.GetUtcNow();
            return new Lease(this);
        }
    }

    /// <summary>Since when the session has had no open request; null while one is open or once ended.</summary>
    public DateTimeOffset? IdleSince
    {
        get
        {
            lock (_lock)
            {
                return _ended || _uses > 0 ? null : _lastUsed;
            }
        }
    }

    /// <summary>Whether the session has ended (its transport may still be closing).</summary>
    public bool Ended
    {
        get
        {
            lock (_lock)
            {
                return _ended;
            }
        }
    }

    /// <summary>Ends the session if it has been idle for <paramref name="timeout"/> or longer; true when this call ended it.</summary>
    public bool TryExpire(TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_ended || _uses > 0 || _time.GetUtcNow() - _lastUsed < timeout)
            {
                return false;
            }

            _ended = true;
            return true;
        }
    }

    /// <summary>Ends the session whatever its use; true when this call ended it.</summary>
    public bool TryEnd()
    {
        lock (_lock)
        {
            if (_ended)
            {
                return false;
            }

            _ended = true;
            return true;
        }
    }

    /// <summary>True for the first GET stream of the session: the SDK's transport serves one.</summary>
    public bool TryStartGetStream() => Interlocked.Exchange(ref _getStarted, 1) == 0;

    /// <summary>Closes the transport (which ends the GET stream and open POSTs), stops the server and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        TryEnd();
        try
        {
            await Transport.DisposeAsync().ConfigureAwait(false);
            await _closed.CancelAsync().ConfigureAwait(false);
            try
            {
                await _run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The session ended while the server was reading.
            }
        }
        finally
        {
            if (_server is not null)
            {
                await _server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            _uses--;
            _lastUsed = _time.GetUtcNow();
        }
    }

    private sealed class Lease(HttpSession session) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                session.Release();
            }
        }
    }
}
