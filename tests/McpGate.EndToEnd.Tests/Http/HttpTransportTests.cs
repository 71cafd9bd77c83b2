using System.Net;
using System.Text;
using System.Text.Json;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests.Http;

/// <summary>
/// <c>serve --http</c> through the SDK's own Streamable HTTP client against the real process and the
/// sandbox: the same tools as stdio, and the bearer token's identity as the requester that policy,
/// the self-approval check and the ledger see.
/// </summary>
public sealed class HttpTransportTests(HttpGateFixture gate) : IClassFixture<HttpGateFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task HttpClientTransport_ListsReadsAndProposes_AsTheTokensIdentity()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var client = await gate.ConnectAsync(gate.CiBotToken, timeout.Token);

        var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
        tools.Select(t => t.Name).Should().Contain(["scale_deployment", "get_deployment", "get_change", "changes_list", "contexts_list"]);
        var scale = tools.Single(t => t.Name == "scale_deployment").ProtocolTool.Annotations!;
        scale.ReadOnlyHint.Should().BeFalse();
        scale.DestructiveHint.Should().NotBeNull("every hint is sent explicitly");

        var read = await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" }, cancellationToken: timeout.Token);
        read.ToString().Should().Contain("web");

        var proposal = await client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 5, ["reason"] = "http e2e" }, cancellationToken: timeout.Token);
        proposal.GetProperty("status").GetString().Should().Be("pending_approval", proposal.ToString());
        proposal.GetProperty("requester").GetString().Should().Be("ci-bot", "the token's identity, canonical, never --agent");
        var changeId = proposal.GetProperty("changeId").GetString()!;

        var change = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        change.GetProperty("requester").GetString().Should().Be("ci-bot");

        var mine = await client.CallOkAsync("changes_list", [], cancellationToken: timeout.Token);
        mine.GetProperty("requester").GetString().Should().Be("ci-bot");
        mine.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("changeId").GetString()).Should().Contain(changeId);

        // The ledger, read by the operator's CLI, records the token's identity as the requester.
        var shown = await McpGateCli.RunFromRootAsync(["changes", "show", changeId, "--data-dir", gate.DataDir, "--json"]);
        shown.ExitCode.Should().Be(0, shown.ToString());
        shown.StandardOutput.Should().Contain("ci-bot").And.NotContain(HttpGateFixture.StdioAgent);

        // It also records which token asked, by its hash prefix; the token itself appears nowhere.
        var prefix = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(gate.CiBotToken)))[..12];
        shown.StandardOutput.Should().Contain($"\"requesterToken\": \"sha256:{prefix}\"").And.NotContain(gate.CiBotToken);
        var human = await McpGateCli.RunFromRootAsync(["changes", "show", changeId, "--data-dir", gate.DataDir]);
        human.StandardOutput.Should().Contain($"ci-bot (token sha256:{prefix}) asked for scale_deployment");
    }

    [Fact]
    public async Task Reads_OverHttp_AreRecordedUnderTheTokensIdentity()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var client = await gate.ConnectAsync(gate.CiBotToken, timeout.Token);
        await client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "api" }, cancellationToken: timeout.Token);

        // The read log writes in batches (about every 200 ms): poll the operator's view of it.
        while (true)
        {
            var reads = await McpGateCli.RunFromRootAsync(["audit", "reads", "--data-dir", gate.DataDir, "--requester", "ci-bot", "--tool", "get_deployment", "--json"]);
            reads.ExitCode.Should().Be(0, reads.ToString());
            if (reads.StandardOutput.Contains("\"api\"", StringComparison.Ordinal))
            {
                reads.StandardOutput.Should().Contain("ci-bot").And.NotContain(HttpGateFixture.StdioAgent);
                break;
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    [Fact]
    public async Task ChangesList_OverHttp_ShowsOnlyTheTokensOwnChanges()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var alice = await gate.ConnectAsync(gate.AliceToken, timeout.Token);
        var proposal = await alice.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "api", ["replicas"] = 2, ["reason"] = "alice's own" }, cancellationToken: timeout.Token);
        var changeId = proposal.GetProperty("changeId").GetString()!;

        await using var bot = await gate.ConnectAsync(gate.CiBotToken, timeout.Token);
        var botChanges = await bot.CallOkAsync("changes_list", [], cancellationToken: timeout.Token);
        botChanges.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("changeId").GetString()).Should().NotContain(changeId);
    }

    [Fact]
    public async Task Approve_ChangeProposedWithAnApproversToken_IsRefusedForThatApprover()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var client = await gate.ConnectAsync(gate.AliceToken, timeout.Token);
        var proposal = await client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 6, ["reason"] = "self approval attempt" }, cancellationToken: timeout.Token);
        var changeId = proposal.GetProperty("changeId").GetString()!;

        var approve = await McpGateCli.RunFromRootAsync(["approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir]);

        approve.ExitCode.Should().NotBe(0, approve.ToString());
        var after = await client.CallOkAsync("get_change", new() { ["change_id"] = changeId }, cancellationToken: timeout.Token);
        after.GetProperty("status").GetString().Should().Be("pending_approval", "alice requested it over HTTP, so alice cannot approve it");
        (after.TryGetProperty("approvals", out var approvals) ? approvals.GetArrayLength() : 0).Should().Be(0);
    }

    [Fact]
    public async Task Write_ByATokenNamedInADenyRule_IsDenied_WhileAnotherTokenIsAllowed()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var blocked = await gate.ConnectAsync(gate.BlockedBotToken, timeout.Token);
        var arguments = new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 7, ["reason"] = "requesters rule" };

        var refused = await blocked.CallToolAsync("scale_deployment", arguments, cancellationToken: timeout.Token);
        var text = refused.IsError == true ? McpGateClient.TextOf(refused) : refused.StructuredContent.ToString();
        text.Should().Contain("no-blocked-bot");

        await using var bot = await gate.ConnectAsync(gate.CiBotToken, timeout.Token);
        var allowed = await bot.CallOkAsync("scale_deployment", arguments, cancellationToken: timeout.Token);
        allowed.GetProperty("status").GetString().Should().Be("pending_approval", allowed.ToString());
    }

    [Fact]
    public async Task Revoke_TakesEffectOnTheNextRequest_WithoutARestart()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var http = new HttpClient();
        var token = await McpGateHttpServer.CreateTokenAsync(gate.PoliciesDir, "temp-bot");
        using (var before = await http.SendAsync(gate.Post(RawMcp.Initialize, token), timeout.Token))
        {
            before.StatusCode.Should().Be(HttpStatusCode.OK, "a token added to tokens.yaml works without a restart");
        }

        var revoke = await McpGateCli.RunFromRootAsync(["tokens", "revoke", "--identity", "temp-bot", "--policies", gate.PoliciesDir]);
        revoke.ExitCode.Should().Be(0, revoke.ToString());

        using var after = await http.SendAsync(gate.Post(RawMcp.Initialize, token), timeout.Token);
        after.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        after.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        using var other = await http.SendAsync(gate.Post(RawMcp.Initialize, gate.CiBotToken), timeout.Token);
        other.StatusCode.Should().Be(HttpStatusCode.OK, "only the revoked token stops working");
        gate.Server.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task Probes_AnswerWithoutAToken()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        using var http = new HttpClient();
        using var health = await http.GetAsync(new Uri(gate.Server.BaseUrl, "/healthz"), timeout.Token);
        using var ready = await http.GetAsync(new Uri(gate.Server.BaseUrl, "/readyz"), timeout.Token);

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("ready");
    }

    [Fact]
    public async Task Tokens_NeverReachTheLogOrTheLedger()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using (var client = await gate.ConnectAsync(gate.CiBotToken, timeout.Token))
        {
            await client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 8, ["reason"] = "token leak check" }, cancellationToken: timeout.Token);
        }

        using var http = new HttpClient();
        using var wrong = await http.SendAsync(gate.Post("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", gate.CiBotToken + "x"), timeout.Token);
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var log = gate.Server.StandardError;
        log.Should().Contain("by ci-bot (token sha256:", "requests are logged with the identity and the hash prefix");
        foreach (var token in new[] { gate.CiBotToken, gate.AliceToken, gate.BlockedBotToken })
        {
            log.Should().NotContain(token);
            log.Should().NotContain(token[5..20], "not even a piece of it");
            foreach (var file in Directory.GetFiles(gate.DataDir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, timeout.Token);
                var bytes = copy.ToArray();
                bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)).Should().Be(-1, $"{file} must not hold a token");
            }
        }
    }
}
