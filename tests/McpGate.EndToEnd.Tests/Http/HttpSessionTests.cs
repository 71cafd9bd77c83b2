using System.Net;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGate.EndToEnd.Tests.Http;

/// <summary>
/// Sessions of the real <c>serve --http</c> on the sandbox: opened by initialize, required after,
/// bound to the token that opened them, ended by DELETE; the GET stream; and clients on 2026-07-28,
/// which has no sessions, served without one.
/// </summary>
public sealed class HttpSessionTests(HttpGateFixture gate) : IClassFixture<HttpGateFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SdkClient_OnASessionRevision_WorksInASession_WithProgress_AndEndsItWhenDisposed()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var client = await gate.ConnectAsync(gate.CiBotToken, timeout.Token, HttpGateFixture.SessionRevision);
        string sessionId;
        await using (client)
        {
            sessionId = client.SessionId!;
            sessionId.Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "initialize opened a session");
            client.NegotiatedProtocolVersion.Should().Be(HttpGateFixture.SessionRevision);

            var before = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: timeout.Token);
            var replicas = before.GetProperty("replicas").GetInt32();
            var proposal = await client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "api", ["replicas"] = replicas + 1, ["reason"] = "session e2e" }, cancellationToken: timeout.Token);
            var changeId = proposal.GetProperty("changeId").GetString()!;

            // get_change waits in the session, reporting each state as a progress notification, while bob approves.
            var states = new List<string>();
            var progress = new SynchronousProgress(v => { lock (states) { states.Add(v.Message ?? string.Empty); } });
            var waiting = client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, progress, timeout.Token);
            var approve = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gate.BobKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir]);
            approve.ExitCode.Should().Be(0, approve.ToString());

            var final = await waiting;
            final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
            lock (states)
            {
                states.Should().NotBeEmpty("progress reaches the client through the session's POST stream")
                    .And.OnlyContain(s => s.StartsWith(changeId + ": ", StringComparison.Ordinal));
            }

            var after = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: timeout.Token);
            after.GetProperty("replicas").GetInt32().Should().Be(replicas + 1);
        }

        // Disposing the SDK client sends DELETE: the session is gone.
        await gate.Server.WaitForLogAsync($"session {sessionId[..8]}… of ci-bot ended: DELETE by ci-bot", timeout.Token);
        using var http = new HttpClient();
        using var gone = await http.SendAsync(RawMcp.Post(gate.Server.Url, RawMcp.List, gate.CiBotToken, sessionId), timeout.Token);
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        gate.Server.StandardError.Should().NotContain(sessionId, "a session id is never logged in full");
    }

    [Fact]
    public async Task SdkClient_InASession_SubscribesToAChange_AndIsToldOfEachStateUntilVerified()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var client = await gate.ConnectAsync(gate.CiBotToken, timeout.Token, HttpGateFixture.SessionRevision);
        await using (client)
        {
            client.ServerCapabilities.Resources!.Subscribe.Should().BeTrue();
            var before = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: timeout.Token);
            var replicas = before.GetProperty("replicas").GetInt32();
            var proposal = await client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "api", ["replicas"] = replicas + 1, ["reason"] = "subscribe over http" }, cancellationToken: timeout.Token);
            var changeId = proposal.GetProperty("changeId").GetString()!;
            var uri = $"mcpgate://changes/{changeId}";
            var updates = System.Threading.Channels.Channel.CreateUnbounded<string>();
            await using (await client.SubscribeToResourceAsync(uri, (p, _) =>
            {
                updates.Writer.TryWrite(p.Uri);
                return ValueTask.CompletedTask;
            }, cancellationToken: timeout.Token))
            {
                var approve = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gate.BobKey, "--data-dir", gate.DataDir, "--policies", gate.PoliciesDir]);
                approve.ExitCode.Should().Be(0, approve.ToString());

                // Each update arrives on the session's GET stream, sent by the gate, not asked for.
                var status = string.Empty;
                var told = 0;
                while (status != "verified")
                {
                    (await updates.Reader.ReadAsync(timeout.Token)).Should().Be(uri);
                    told++;
                    var read = await client.ReadResourceAsync(uri, cancellationToken: timeout.Token);
                    status = System.Text.Json.JsonDocument.Parse(((TextResourceContents)read.Contents[0]).Text).RootElement.GetProperty("status").GetString()!;
                }

                told.Should().BeGreaterThan(1, "approved, executing and verified each tell the subscriber");
            }

            var after = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: timeout.Token);
            after.GetProperty("replicas").GetInt32().Should().Be(replicas + 1);
        }
    }

    [Fact]
    public async Task RawClient_InitializeOpensASession_ThatIsRequiredAfter_AndDeleteEndsIt_WithItsGetStream()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var http = new HttpClient();
        var url = gate.Server.Url;

        using (var sessionless = await http.SendAsync(RawMcp.Post(url, RawMcp.List, gate.CiBotToken), timeout.Token))
        {
            sessionless.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await sessionless.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("Mcp-Session-Id is required: send initialize without it first");
        }

        var sessionId = await RawMcp.OpenSessionAsync(http, url, gate.CiBotToken, timeout.Token);
        using (var list = await http.SendAsync(RawMcp.Post(url, RawMcp.List, gate.CiBotToken, sessionId), timeout.Token))
        {
            list.StatusCode.Should().Be(HttpStatusCode.OK);
            list.Headers.GetValues(RawMcp.SessionHeader).Should().Equal(sessionId);
            (await RawMcp.ReadMessageAsync(list, timeout.Token)).ToString().Should().Contain("scale_deployment");
        }

        var unknown = HttpSessionIdLike();
        using (var wrong = await http.SendAsync(RawMcp.Post(url, RawMcp.List, gate.CiBotToken, unknown), timeout.Token))
        {
            wrong.StatusCode.Should().Be(HttpStatusCode.NotFound, "an unknown session is 404, so the client opens a new one");
            (await wrong.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("-32001").And.Contain("session not found");
        }

        using (var again = await http.SendAsync(RawMcp.Post(url, RawMcp.Initialize, gate.CiBotToken, sessionId), timeout.Token))
        {
            again.StatusCode.Should().Be(HttpStatusCode.BadRequest, "initialize opens a new session, it is not sent in one");
        }

        using (var getWithout = await http.SendAsync(RawMcp.Get(url, gate.CiBotToken, null), timeout.Token))
        {
            getWithout.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        // The GET stream opens, stays open, and ends when DELETE ends the session.
        using var stream = await http.SendAsync(RawMcp.Get(url, gate.CiBotToken, sessionId), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        stream.StatusCode.Should().Be(HttpStatusCode.OK);
        stream.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var reading = stream.Content.ReadAsStringAsync(timeout.Token);
        using (var second = await http.SendAsync(RawMcp.Get(url, gate.CiBotToken, sessionId), timeout.Token))
        {
            second.StatusCode.Should().Be(HttpStatusCode.Conflict, "one GET stream per session");
        }

        reading.IsCompleted.Should().BeFalse("the stream stays open while the session lives");

        using (var delete = await http.SendAsync(RawMcp.Delete(url, gate.CiBotToken, sessionId), timeout.Token))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        await reading;
        using (var after = await http.SendAsync(RawMcp.Post(url, RawMcp.List, gate.CiBotToken, sessionId), timeout.Token))
        {
            after.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        using var deleteAgain = await http.SendAsync(RawMcp.Delete(url, gate.CiBotToken, sessionId), timeout.Token);
        deleteAgain.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_EndsAWaitOpenInTheSession_NeverTheChange()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var url = gate.Server.Url;
        var sessionId = await RawMcp.OpenSessionAsync(http, url, gate.CiBotToken, timeout.Token);
        const string Propose = """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":4,"reason":"wait then delete"}}}""";
        string changeId;
        using (var proposal = await http.SendAsync(RawMcp.Post(url, Propose, gate.CiBotToken, sessionId), timeout.Token))
        {
            changeId = (await RawMcp.ReadMessageAsync(proposal, timeout.Token)).GetProperty("result").GetProperty("structuredContent").GetProperty("changeId").GetString()!;
        }

        // get_change waits up to 300 s, longer than this test may run: only the DELETE can end it in time.
        var wait = """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_change","arguments":{"change_id":"CHANGE","wait_seconds":300},"_meta":{"progressToken":"p1"}}}""".Replace("CHANGE", changeId, StringComparison.Ordinal);
        using var waiting = await http.SendAsync(RawMcp.Post(url, wait, gate.CiBotToken, sessionId), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        waiting.StatusCode.Should().Be(HttpStatusCode.OK);
        using var events = new StreamReader(await waiting.Content.ReadAsStreamAsync(timeout.Token));
        while (await events.ReadLineAsync(timeout.Token) is { } line && !line.Contains("notifications/progress", StringComparison.Ordinal))
        {
        }

        using (var delete = await http.SendAsync(RawMcp.Delete(url, gate.CiBotToken, sessionId), timeout.Token))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        await events.ReadToEndAsync(timeout.Token);
        var shown = await McpGateCli.RunFromRootAsync(["changes", "show", changeId, "--data-dir", gate.DataDir, "--json"]);
        shown.ExitCode.Should().Be(0, shown.ToString());
        shown.StandardOutput.Should().Contain("pending_approval", "ending the session ends the wait, not the change");
    }

    [Fact]
    public async Task AnotherTokensSession_Is404ForEveryMethod_AndTheIntruderChangesNothing()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var owner = await gate.ConnectAsync(gate.CiBotToken, timeout.Token, HttpGateFixture.SessionRevision);
        var sessionId = owner.SessionId!;
        var before = await owner.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: timeout.Token);
        using var http = new HttpClient();
        var url = gate.Server.Url;
        var write = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"scale_deployment","arguments":{"namespace":"demo","name":"web","replicas":9,"reason":"intruder"}}}""";

        // alice holds a valid token, and ci-bot's session id: neither the write, a read, the stream nor DELETE reaches it.
        foreach (var request in new[]
        {
            RawMcp.Post(url, write, gate.AliceToken, sessionId),
            RawMcp.Post(url, RawMcp.List, gate.AliceToken, sessionId),
            RawMcp.Get(url, gate.AliceToken, sessionId),
            RawMcp.Delete(url, gate.AliceToken, sessionId),
        })
        {
            using (request)
            {
                using var response = await http.SendAsync(request, timeout.Token);
                response.StatusCode.Should().Be(HttpStatusCode.NotFound, $"{request.Method} with another token's session is answered as if it did not exist");
                (await response.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("session not found");
            }
        }

        var still = await owner.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: timeout.Token);
        still.GetProperty("replicas").GetInt32().Should().Be(before.GetProperty("replicas").GetInt32(), "the owner's session works and the cluster is as it was");
        var aliceChanges = await McpGateCli.RunFromRootAsync(["changes", "list", "--requester", "alice", "--data-dir", gate.DataDir, "--json"]);
        aliceChanges.ExitCode.Should().Be(0, aliceChanges.ToString());
        aliceChanges.StandardOutput.Should().NotContain("intruder").And.NotContain("chg-", "the intruder proposed nothing");
        await gate.Server.WaitForLogAsync("was presented by alice (token sha256:", timeout.Token);
    }

    [Fact]
    public async Task SdkClient_On2026_07_28_IsServedWithoutASession()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var client = await gate.ConnectAsync(gate.CiBotToken, timeout.Token);

        client.NegotiatedProtocolVersion.Should().Be("2026-07-28");
        client.SessionId.Should().BeNullOrEmpty("2026-07-28 removed sessions");
        var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
        tools.Should().Contain(t => t.Name == "get_change");

        using var http = new HttpClient();
        using var get = RawMcp.Get(gate.Server.Url, gate.CiBotToken, null);
        get.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        using var response = await http.SendAsync(get, timeout.Token);
        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed, "2026-07-28 has no GET stream");
        response.Content.Headers.Allow.Should().Equal("POST");
    }

    private static string HttpSessionIdLike() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>IProgress that reports on the caller's thread, so nothing is lost after the call returns.</summary>
    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
