using System.Net;
using McpGate.Core.Tokens;
using McpGate.Server.Http;
using McpGate.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tests.Http;

/// <summary>The session store with the SDK's real stateful transport and a clock moved by hand.</summary>
public sealed class HttpSessionStoreTests
{
    private static readonly AgentToken s_ciBot = Token("ci-bot", 'a');
    private static readonly AgentToken s_ciBotRotated = Token("ci-bot", 'b');
    private static readonly AgentToken s_alice = Token("alice", 'c');

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<Server> _servers = [];
    private readonly List<string> _told = [];

    [Fact]
    public async Task Open_GivesEachSessionItsOwnRandomId_Of43UrlSafeCharacters()
    {
        var store = Store();

        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await OpenAsync(store, s_ciBot)).Id);
        }

        ids.Should().OnlyHaveUniqueItems();
        ids.Should().AllSatisfy(id => id.Should().MatchRegex("^[A-Za-z0-9_-]{43}$"));
        HttpSession.Show(ids[0]).Should().HaveLength(HttpSession.ShownLength + 1).And.EndWith("…");
    }

    [Fact]
    public async Task Use_IsRefused_ToEveryTokenButTheOneThatOpenedIt()
    {
        var store = Store();
        var session = await OpenAsync(store, s_ciBot);

        (await store.UseAsync(session.Id, s_alice)).Should().BeNull("another identity's token");
        (await store.UseAsync(session.Id, s_ciBotRotated)).Should().BeNull("another token of the same identity");
        (await store.UseAsync("no-such-session", s_ciBot)).Should().BeNull();
        (await store.UseAsync(null, s_ciBot)).Should().BeNull();
        var used = await store.UseAsync(session.Id, s_ciBot);
        used.Should().NotBeNull();
        used!.Value.Session.Should().BeSameAs(session);
        used.Value.Lease.Dispose();
        store.Count.Should().Be(1, "an intruder's attempt does not end the session");
    }

    [Fact]
    public async Task Use_AfterTheIdleTimeout_EndsTheSession()
    {
        var store = Store();
        var session = await OpenAsync(store, s_ciBot);

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        using ((await store.UseAsync(session.Id, s_ciBot))!.Value.Lease)
        {
        }

        _clock.Advance(TimeSpan.FromMinutes(10));
        (await store.UseAsync(session.Id, s_ciBot)).Should().BeNull();
        store.Count.Should().Be(0);
        _servers.Single().Disposed.Should().BeTrue("the session's server is stopped and disposed");
    }

    [Fact]
    public async Task Sweep_LeavesASessionInUse_AndEndsItOnceIdleForTheTimeout()
    {
        var store = Store();
        var session = await OpenAsync(store, s_ciBot);
        var lease = (await store.UseAsync(session.Id, s_ciBot))!.Value.Lease;

        _clock.Advance(TimeSpan.FromHours(1));
        await store.SweepAsync();
        store.Count.Should().Be(1, "an open request (a GET stream) keeps the session");

        lease.Dispose();
        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await store.SweepAsync();
        store.Count.Should().Be(1, "idle time counts from when the last request ended");

        _clock.Advance(TimeSpan.FromSeconds(1));
        await store.SweepAsync();
        store.Count.Should().Be(0);
        session.Closed.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public async Task Open_PastTheIdentitysCap_Is429_WithTheWaitUntilItsFirstIdleSessionExpires()
    {
        var store = Store(maxSessions: 10, perIdentity: 2);
        var first = await OpenAsync(store, s_ciBot);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await OpenAsync(store, s_ciBotRotated);

        var refused = await store.OpenAsync(s_ciBot, id => NewSession(id, s_ciBot));

        refused.Session.Should().BeNull();
        refused.Status.Should().Be(429);
        refused.Refusal.Should().Contain("ci-bot already has 2 sessions").And.Contain("--max-sessions-per-identity").And.Contain("10 min");
        refused.RetryAfter.Should().Be(TimeSpan.FromMinutes(9), "the first session expires 10 min after its last use, a minute ago");
        _servers.Should().HaveCount(2, "nothing is created for a refused session");
        (await OpenAsync(store, s_alice)).Should().NotBeNull("the cap is per identity");

        await store.EndAsync(first, "DELETE");
        (await OpenAsync(store, s_ciBot)).Should().NotBeNull("an ended session frees its place");
    }

    [Fact]
    public async Task Open_PastTheGatesCap_Is503_WithoutAWait_WhenEverySessionIsInUse()
    {
        var store = Store(maxSessions: 2, perIdentity: 2);
        var a = await OpenAsync(store, s_ciBot);
        var b = await OpenAsync(store, s_alice);
        using var leaseA = (await store.UseAsync(a.Id, s_ciBot))!.Value.Lease;
        using var leaseB = (await store.UseAsync(b.Id, s_alice))!.Value.Lease;

        var refused = await store.OpenAsync(s_ciBotRotated, id => NewSession(id, s_ciBotRotated));

        refused.Status.Should().Be(503);
        refused.Refusal.Should().Contain("the gate already has 2 sessions").And.Contain("--max-sessions");
        refused.RetryAfter.Should().BeNull("no session is idle, so none has an expiry yet");
    }

    [Fact]
    public async Task Open_AfterIdleSessionsExpired_HasRoomAgain()
    {
        var store = Store(maxSessions: 1, perIdentity: 1);
        await OpenAsync(store, s_ciBot);

        _clock.Advance(TimeSpan.FromMinutes(10));

        (await OpenAsync(store, s_alice)).Should().NotBeNull("opening sweeps expired sessions first");
        store.Count.Should().Be(1);
    }

    [Fact]
    public async Task End_ClosesTheSession_AndItIsNotFoundAfter()
    {
        var store = Store();
        var session = await OpenAsync(store, s_ciBot);

        await store.EndAsync(session, "DELETE");
        await store.EndAsync(session, "DELETE");
        _told.Should().BeEmpty("the client asked for the end");

        (await store.UseAsync(session.Id, s_ciBot)).Should().BeNull();
        session.TryUse().Should().BeNull();
        _servers.Single().Disposed.Should().BeTrue();
    }

    [Fact]
    public async Task Open_HandsOverTheSessionInUse_SoItCannotExpireBeforeItsInitialize()
    {
        var store = Store();
        var opening = await store.OpenAsync(s_ciBot, id => NewSession(id, s_ciBot));

        _clock.Advance(TimeSpan.FromHours(1));
        await store.SweepAsync();
        store.Count.Should().Be(1);

        opening.Lease!.Dispose();
        _clock.Advance(TimeSpan.FromMinutes(10));
        await store.SweepAsync();
        store.Count.Should().Be(0);
    }

    [Fact]
    public async Task EndRevoked_EndsTheSessionsOfTokensNoLongerInTheFile_EvenInUse()
    {
        var store = Store();
        var kept = await OpenAsync(store, s_alice);
        var revoked = await OpenAsync(store, s_ciBot);
        using var stream = (await store.UseAsync(revoked.Id, s_ciBot))!.Value.Lease;

        await store.EndRevokedAsync(new AgentTokenSet([s_alice, s_ciBotRotated]));

        store.Count.Should().Be(1);
        revoked.Closed.IsCancellationRequested.Should().BeTrue("its GET stream ends with it");
        _told.Should().Equal($"{revoked.Id}: mcpgate: this session ends: its bearer token was revoked");
        (await store.UseAsync(kept.Id, s_alice)).Should().NotBeNull();
    }

    [Fact]
    public async Task ASessionWhoseServerStops_LeavesTheStore()
    {
        var store = Store();
        var stopped = new TaskCompletionSource();
        var opening = await store.OpenAsync(s_ciBot, id => NewSession(id, s_ciBot, stopped.Task));
        store.Count.Should().Be(1);

        stopped.SetResult();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (store.Count > 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        (await store.UseAsync(opening.Session!.Id, s_ciBot)).Should().BeNull();
    }

    private static AgentToken Token(string identity, char hashCharacter) =>
        new() { Identity = identity, Sha256 = new string(hashCharacter, 64) };

    private HttpSessionStore Store(int maxSessions = 100, int perIdentity = 100) =>
        new(new GateHttpOptions
        {
            Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
            TokensPath = "tokens.yaml",
            SessionIdleTimeout = TimeSpan.FromMinutes(10),
            MaxSessions = maxSessions,
            MaxSessionsPerIdentity = perIdentity,
            Time = _clock,
        }, NullLogger<HttpSessionStore>.Instance);

    private async Task<HttpSession> OpenAsync(HttpSessionStore store, AgentToken agent)
    {
        var opening = await store.OpenAsync(agent, id => NewSession(id, agent));
        opening.Session.Should().NotBeNull(opening.Refusal);
        opening.Lease!.Dispose();
        return opening.Session!;
    }

    /// <summary>A session on the SDK's stateful transport whose "server" runs until the session closes (or <paramref name="stops"/>).</summary>
    private HttpSession NewSession(string id, AgentToken agent, Task? stops = null)
    {
        var session = new HttpSession(id, agent, new StreamableHttpServerTransport(NullLoggerFactory.Instance) { SessionId = id }, _clock);
        var server = new Server();
        _servers.Add(server);
        session.Start(server, closed => stops ?? Task.Delay(Timeout.Infinite, closed), (text, _) =>
        {
            lock (_told)
            {
                _told.Add($"{id}: {text}");
            }

            return Task.CompletedTask;
        });
        return session;
    }

    private sealed class Server : IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
