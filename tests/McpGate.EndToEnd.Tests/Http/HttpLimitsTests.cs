using System.Net;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests.Http;

/// <summary>
/// The bounds of the real <c>serve --http</c>, with small limits: sessions expire when idle, the
/// caps per identity (429) and per gate (503), and the per-identity rate limits on calls and on
/// write proposals (429 with Retry-After; a refused write proposes nothing). Each test uses its
/// own identities, created while the gate runs, and ends the sessions it opened.
/// </summary>
public sealed class HttpLimitsTests(HttpLimitsTests.Gate gate) : IClassFixture<HttpLimitsTests.Gate>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task IdleSession_Expires_AndIsThen404()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var http = new HttpClient();
        var token = await gate.TokenAsync("idle-bot");
        var sessionId = await RawMcp.OpenSessionAsync(http, gate.Server.Url, token, timeout.Token);

        // Nothing touches the session: the gate's own sweep ends it after 5 s.
        await gate.Server.WaitForLogAsync($"session {sessionId[..8]}… of idle-bot ended: idle for 5 s or longer", timeout.Token);

        using var response = await http.SendAsync(RawMcp.Post(gate.Server.Url, RawMcp.List, token, sessionId), timeout.Token);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("send initialize without Mcp-Session-Id to open a new one");
    }

    [Fact]
    public async Task RevokedToken_ItsSessionEnds_AndItsGetStreamIsToldWhy()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var token = await gate.TokenAsync("revoked-bot");
        var sessionId = await RawMcp.OpenSessionAsync(http, gate.Server.Url, token, timeout.Token);
        using var stream = await http.SendAsync(RawMcp.Get(gate.Server.Url, token, sessionId), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        stream.StatusCode.Should().Be(HttpStatusCode.OK);
        var reading = stream.Content.ReadAsStringAsync(timeout.Token);

        var revoke = await McpGateCli.RunFromRootAsync(["tokens", "revoke", "--identity", "revoked-bot", "--policies", gate.PoliciesDir]);
        revoke.ExitCode.Should().Be(0, revoke.ToString());

        // The gate tells the client why on its GET stream (a server-initiated log message), then ends the stream.
        var events = await reading;
        events.Should().Contain("\"method\":\"notifications/message\"").And.Contain("this session ends: its bearer token was revoked");
        await gate.Server.WaitForLogAsync($"session {sessionId[..8]}… of revoked-bot ended: its token was revoked", timeout.Token);
    }

    [Fact]
    public async Task Initialize_PastTheIdentitysCap_Is429_AndPastTheGatesCap_503()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var capped = await gate.TokenAsync("capped-bot");
        var other = await gate.TokenAsync("other-bot");
        var third = await gate.TokenAsync("third-bot");
        var open = new List<(string Token, string Session)>();
        var streams = new List<HttpResponseMessage>();
        try
        {
            // Each session holds its GET stream open, so none is idle and none expires during the test.
            foreach (var token in new[] { capped, capped, other })
            {
                var session = await RawMcp.OpenSessionAsync(http, gate.Server.Url, token, timeout.Token);
                open.Add((token, session));
                var stream = await http.SendAsync(RawMcp.Get(gate.Server.Url, token, session), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                streams.Add(stream);
                stream.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            using (var perIdentity = await http.SendAsync(RawMcp.Post(gate.Server.Url, RawMcp.Initialize, capped), timeout.Token))
            {
                perIdentity.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
                (await perIdentity.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("capped-bot already has 2 sessions").And.Contain("--max-sessions-per-identity").And.Contain("\"jsonrpc\"");
            }

            using (var total = await http.SendAsync(RawMcp.Post(gate.Server.Url, RawMcp.Initialize, third), timeout.Token))
            {
                total.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
                (await total.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("the gate already has 3 sessions").And.Contain("--max-sessions");
            }

            // Ending one makes room.
            using (var delete = await http.SendAsync(RawMcp.Delete(gate.Server.Url, open[0].Token, open[0].Session), timeout.Token))
            {
                delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
            }

            open.RemoveAt(0);
            open.Add((third, await RawMcp.OpenSessionAsync(http, gate.Server.Url, third, timeout.Token)));
        }
        finally
        {
            foreach (var (token, session) in open)
            {
                using var delete = await http.SendAsync(RawMcp.Delete(gate.Server.Url, token, session), CancellationToken.None);
            }

            streams.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Calls_PastTheLimit_Get429WithRetryAfter_ForThatIdentityOnly()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var http = new HttpClient();
        var token = await gate.TokenAsync("busy-bot");
        var calm = await gate.TokenAsync("calm-bot");

        // Any request to /mcp counts, even one refused for another reason; 40 a minute is the limit.
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 400 && limited is null; i++)
        {
            var response = await http.SendAsync(RawMcp.Post(gate.Server.Url, RawMcp.List, token), timeout.Token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.BadRequest, "no session: refused, but counted");
                response.Dispose();
            }
        }

        using (limited)
        {
            limited.Should().NotBeNull("the 41st call within a minute is refused");
            limited!.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeGreaterThanOrEqualTo(1);
            var body = await limited.Content.ReadAsStringAsync(timeout.Token);
            body.Should().Contain("\"jsonrpc\":\"2.0\"").And.Contain("rate limit: busy-bot made more than 40 requests in a minute (serve --calls-per-minute)");
        }

        using var other = await http.SendAsync(RawMcp.Post(gate.Server.Url, RawMcp.List, calm), timeout.Token);
        other.StatusCode.Should().Be(HttpStatusCode.BadRequest, "another identity has its own limit");
    }

    [Fact]
    public async Task Writes_PastTheLimit_Get429WithRetryAfter_AndProposeNothing()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var http = new HttpClient();
        var token = await gate.TokenAsync("write-bot");
        var sessionId = await RawMcp.OpenSessionAsync(http, gate.Server.Url, token, timeout.Token);
        try
        {
            var proposed = 0;
            HttpResponseMessage? limited = null;
            for (var i = 0; i < 10 && limited is null; i++)
            {
                var write = "{\"jsonrpc\":\"2.0\",\"id\":" + (i + 10) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"scale_deployment\",\"arguments\":{\"namespace\":\"demo\",\"name\":\"web\",\"replicas\":" + (i + 4) + ",\"reason\":\"write limit\"}}}";
                var response = await http.SendAsync(RawMcp.Post(gate.Server.Url, write, token, sessionId), timeout.Token);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    limited = response;
                    continue;
                }

                using (response)
                {
                    response.StatusCode.Should().Be(HttpStatusCode.OK);
                    (await RawMcp.ReadMessageAsync(response, timeout.Token)).ToString().Should().Contain("pending_approval");
                    proposed++;
                }
            }

            using (limited)
            {
                limited.Should().NotBeNull("a third proposal within a minute is refused (2 a minute)");
                limited!.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeGreaterThanOrEqualTo(1);
                (await limited.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("write-bot proposed more than 2 changes in a minute (serve --writes-per-minute); scale_deployment was not called");
            }

            // Reads still pass: the write limit is separate from the call limit.
            using (var read = await http.SendAsync(RawMcp.Post(gate.Server.Url, RawMcp.List, token, sessionId), timeout.Token))
            {
                read.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            var ledger = await McpGateCli.RunFromRootAsync(["changes", "list", "--requester", "write-bot", "--data-dir", gate.DataDir, "--json"]);
            ledger.ExitCode.Should().Be(0, ledger.ToString());
            System.Text.RegularExpressions.Regex.Matches(ledger.StandardOutput, "\"chg-[a-z0-9]+\"").Select(m => m.Value).Distinct().Should()
                .HaveCount(proposed, "the ledger holds the allowed proposals and nothing of the refused one");
        }
        finally
        {
            using var delete = await http.SendAsync(RawMcp.Delete(gate.Server.Url, token, sessionId), CancellationToken.None);
        }
    }

    /// <summary>A real <c>serve --http</c> on the sandbox with a 5 s idle timeout, 3 sessions (2 per identity), 40 calls and 2 writes a minute.</summary>
    public sealed class Gate : IAsyncLifetime
    {
        private readonly TempDirectory _temp = new("mcpgate-http-limits-");

        public McpGateHttpServer Server { get; private set; } = null!;

        public string DataDir => _temp.Combine("data");

        public string PoliciesDir { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            PoliciesDir = _temp.CopyPolicies();
            await McpGateHttpServer.CreateTokenAsync(PoliciesDir, "nobody");
            Server = await McpGateHttpServer.StartAsync("--http", "127.0.0.1:0", "--sandbox", "--data-dir", DataDir, "--policies", PoliciesDir,
                "--session-idle-timeout", "5s", "--max-sessions", "3", "--max-sessions-per-identity", "2", "--calls-per-minute", "40", "--writes-per-minute", "2");
        }

        /// <summary>A new token for <paramref name="identity"/>, added to the running gate's tokens.yaml.</summary>
        public Task<string> TokenAsync(string identity) => McpGateHttpServer.CreateTokenAsync(PoliciesDir, identity);

        public async Task DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }

            _temp.Dispose();
        }
    }
}
