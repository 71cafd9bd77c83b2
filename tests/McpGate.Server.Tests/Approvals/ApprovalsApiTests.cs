using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;
using McpGate.Core.Storage;
using McpGate.Server.Approvals;
using McpGate.Testing.Engine;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Tests.Approvals;

/// <summary>
/// The approval API on its own real listener, over real HTTP, in front of a real engine: the
/// sandbox cluster over HTTPS and a SQLite ledger. Every refusal is checked for its status and
/// rule, and afterwards for what it left: no decision counted, the change still pending, the
/// cluster untouched even after the engine's next pass.
/// </summary>
public sealed class ApprovalsApiTests : IAsyncLifetime
{
    private const string TwoApprovals = GateHarness.TwoApprovalsFromSre;

    private GateHarness _gate = null!;
    private ApprovalsApiHost _api = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gate = await GateHarness.StartAsync(TwoApprovals);
        await StartApiAsync(ApprovalsApiOptions.DefaultRequestsPerMinute);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await _gate.DisposeAsync();
    }

    private DataDirectory Data => DataDirectory.Resolve(Path.GetDirectoryName(_gate.Ledger.DatabasePath));

    private async Task StartApiAsync(int requestsPerMinute)
    {
        _api = await ApprovalsApiHost.StartAsync(Data, _gate.Policy, _gate.Engine.GatePublicKey,
            new ApprovalsApiOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), Time = _gate.Clock, RequestsPerMinute = requestsPerMinute, EventPollInterval = TimeSpan.FromMilliseconds(50) },
            LogLevel.Warning);
        _http = new HttpClient { BaseAddress = _api.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    [Fact]
    public async Task Show_PendingChange_HasDiffChecksScoreProofAndQuorum()
    {
        var change = await _gate.ProposeScaleAsync(5);

        var (status, body) = await GetAsync($"api/v1/changes/{change.Id}");

        status.Should().Be(HttpStatusCode.OK, body.ToJsonString());
        body["state"]!.GetValue<string>().Should().Be("pending_approval");
        body["proofDigest"]!.GetValue<string>().Should().Be(change.ProofDigest);
        body["proofEnvelope"]!.GetValue<string>().Should().Be(change.ProofEnvelope);
        body["proofVerified"]!.GetValue<bool>().Should().BeTrue();
        body["releaseScore"].Should().NotBeNull();
        body["diff"]!.AsArray().Should().NotBeEmpty();
        body["checks"]!.AsArray().Should().NotBeEmpty();
        body["policy"]!["rule"]!.GetValue<string>().Should().Be("demo-scaling");
        body["quorum"]!["text"]!.GetValue<string>().Should().Be("0 of 2 approvals, needs 2 more from group sre");
        body["approvers"]!.AsArray().Select(a => a!["identity"]!.GetValue<string>()).Should().BeEquivalentTo("alice", "bob", "carol");
        var (listStatus, list) = await GetAsync("api/v1/changes?state=pending");
        listStatus.Should().Be(HttpStatusCode.OK);
        list["changes"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).Should().Equal(change.Id);
        list["changes"]![0]!["proofEnvelope"].Should().BeNull("the list leaves the envelopes out");
    }

    [Fact]
    public async Task Decide_TwoSignedApprovals_AreRecordedAndTheEngineExecutesOnce()
    {
        var change = await _gate.ProposeScaleAsync(5);

        var first = await PostAsync(change.Id, Sign(change, "alice"));
        var (afterOne, shown) = await GetAsync($"api/v1/changes/{change.Id}");
        var second = await PostAsync(change.Id, Sign(change, "bob"));

        first.Status.Should().Be(HttpStatusCode.OK, first.Body.ToJsonString());
        first.Body["approved"]!.GetValue<int>().Should().Be(1);
        first.Body["quorumMet"]!.GetValue<bool>().Should().BeFalse();
        afterOne.Should().Be(HttpStatusCode.OK);
        shown["quorum"]!["text"]!.GetValue<string>().Should().Be("1 of 2 approvals, needs one more from group sre");
        second.Status.Should().Be(HttpStatusCode.OK, second.Body.ToJsonString());
        second.Body["quorumMet"]!.GetValue<bool>().Should().BeTrue();
        second.Body["quorum"]!["approvers"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("alice", "bob");
        (await _gate.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.Verified);
        (await _gate.ObserveWebAsync()).Replicas.Should().Be(5);
    }

    public static TheoryData<string> Refusals => new()
    {
        "unsigned", "unknown-key", "outside-groups", "requester", "other-digest", "other-change", "claims-another-identity", "not-an-envelope", "signed-in-the-future", "control-characters",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Decide_RefusedDecision_NamesTheRuleAndCountsNothing(string refusal)
    {
        var change = await _gate.ProposeScaleAsync(4, requester: refusal == "requester" ? "alice" : "agent");
        var before = await _gate.ObserveWebAsync();
        var (envelope, status, rule) = refusal switch
        {
            "unsigned" => (Unsigned(change), HttpStatusCode.BadRequest, ApprovalRefusal.Envelope),
            "unknown-key" => (Sign(change, "mallory", Ed25519PrivateKey.Generate()), HttpStatusCode.Forbidden, ApprovalRefusal.Signature),
            "outside-groups" => (Sign(change, "carol"), HttpStatusCode.Forbidden, ApprovalRefusal.Groups),
            "requester" => (Sign(change, "alice"), HttpStatusCode.Forbidden, ApprovalRefusal.Requester),
            "other-digest" => (Sign(change, "alice", digest: Sha256Digest.Compute(Encoding.UTF8.GetBytes("another proof")).ToString()), HttpStatusCode.Conflict, ApprovalRefusal.ProofDigest),
            "other-change" => (Sign(change with { Id = "chg-bbbbbbbbbbbb" }, "alice"), HttpStatusCode.Conflict, ApprovalRefusal.ProofDigest),
            "claims-another-identity" => (Sign(change, "alice", _gate.Key("bob")), HttpStatusCode.Forbidden, ApprovalRefusal.Identity),
            "signed-in-the-future" => (Sign(change, "alice", signedAt: _gate.Clock.GetUtcNow().AddHours(1)), HttpStatusCode.BadRequest, ApprovalRefusal.Envelope),
            "control-characters" => (Sign(change, "alice", comment: "ok\u001b[2J"), HttpStatusCode.BadRequest, ApprovalRefusal.Text),
            _ => ("""{"payloadType":"application/vnd.in-toto+json"}""", HttpStatusCode.BadRequest, ApprovalRefusal.Envelope),
        };

        var (actual, body) = await PostAsync(change.Id, envelope);

        actual.Should().Be(status, body.ToJsonString());
        body["error"]!["rule"]!.GetValue<string>().Should().Be(rule);
        body["error"]!["message"]!.GetValue<string>().Should().Contain(refusal switch
        {
            "unsigned" => "must contain at least one signature",
            "unknown-key" => "not signed by any approver in the policy",
            "outside-groups" => "carol is not in any of the groups this change needs (sre)",
            "requester" => "alice requested this change",
            "other-digest" => "but the change's proof is",
            "other-change" => "approves change chg-bbbbbbbbbbbb",
            "claims-another-identity" => "signed with bob's key but claims to be from \"alice\"",
            "signed-in-the-future" => "later than now; check the signer's clock",
            "control-characters" => "the comment contains U+001B",
            _ => "not a DSSE envelope",
        });
        await AssertNothingCountedAsync(change, before.Replicas);
    }

    [Fact]
    public async Task Decide_ReplayedEnvelope_IsRefusedAndCountedOnce()
    {
        var change = await _gate.ProposeScaleAsync(6);
        var envelope = Sign(change, "alice");

        var first = await PostAsync(change.Id, envelope);
        var replay = await PostAsync(change.Id, envelope);

        first.Status.Should().Be(HttpStatusCode.OK);
        replay.Status.Should().Be(HttpStatusCode.Conflict, replay.Body.ToJsonString());
        replay.Body["error"]!["rule"]!.GetValue<string>().Should().Be(ApprovalRefusal.Duplicate);
        (await SubmittedApprovals.ReadAsync(_gate.Ledger, change.Id)).Should().ContainSingle();
        await _gate.Engine.ProcessAsync();
        (await _gate.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval, "one approver's replay is not a second approval");
    }

    [Fact]
    public async Task Decide_AfterExpiry_IsRefused()
    {
        var change = await _gate.ProposeScaleAsync(7);
        var envelope = Sign(change, "alice");
        _gate.Clock.Advance(change.ExpiresAt!.Value - _gate.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));

        var (status, body) = await PostAsync(change.Id, envelope);

        status.Should().Be(HttpStatusCode.Conflict, body.ToJsonString());
        body["error"]!["rule"]!.GetValue<string>().Should().Be(ApprovalRefusal.Expired);
        (await SubmittedApprovals.ReadAsync(_gate.Ledger, change.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Decide_OversizeBody_Is413()
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        var padded = JsonNode.Parse(Sign(change, "alice"))!.AsObject();
        padded["padding"] = new string('x', (int)ApprovalsApiOptions.DefaultMaxBodyBytes);

        var (status, body) = await PostAsync(change.Id, padded.ToJsonString());

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        body["error"]!["rule"]!.GetValue<string>().Should().Be("body-size");
        await AssertNothingCountedAsync(change, before.Replicas);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task Decide_WrongContentType_Is415(string contentType)
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        using var content = new StringContent(Sign(change, "alice"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await _http.PostAsync(new Uri($"api/v1/changes/{change.Id}/decisions", UriKind.Relative), content);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["rule"]!.GetValue<string>().Should().Be("content-type");
        await AssertNothingCountedAsync(change, before.Replicas);
    }

    [Fact]
    public async Task Decide_FromThePagesOwnOrigin_IsRecorded()
    {
        var change = await _gate.ProposeScaleAsync(4);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/v1/changes/{change.Id}/decisions", UriKind.Relative))
        {
            Content = Json(Sign(change, "alice")),
        };
        request.Headers.Add("Origin", $"http://127.0.0.1:{_api.Url.Port}");
        using var localhost = new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/changes", UriKind.Relative));
        localhost.Headers.Add("Origin", $"http://localhost:{_api.Url.Port}");

        using var posted = await _http.SendAsync(request);
        using var listed = await _http.SendAsync(localhost);

        posted.StatusCode.Should().Be(HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
        listed.StatusCode.Should().Be(HttpStatusCode.OK, "a loopback listener's page may be opened as localhost too");
        (await SubmittedApprovals.ReadAsync(_gate.Ledger, change.Id)).Should().ContainSingle();
    }

    public static TheoryData<string> ForeignOrigins => new()
    {
        "http://evil.example",
        "null",
        "",
        "http://127.0.0.1:{port}.evil.example",
        "http://127.0.0.1.evil.example:{port}",
        "http://localhost.evil.example:{port}",
        "http://127.0.0.1:{port}@evil.example",
        "http://127.0.0.1:{port}/",
        "http://127.0.0.1:{port}/api/v1/changes",
        "https://127.0.0.1:{port}",
        "http://127.0.0.1:{other}",
        "http://127.0.0.1",
        "HTTP://127.0.0.1:{port}",
        "http://127.0.0.2:{port}",
        "http://[::1]:{port}",
        "http://evil.example, http://127.0.0.1:{port}",
    };

    [Theory]
    [MemberData(nameof(ForeignOrigins))]
    public async Task AnyRequest_FromAnotherOrigin_Is403AndCountsNothing(string origin)
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        var port = _api.Url.Port;
        var spelled = origin.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{other}", (port == 65535 ? port - 1 : port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/v1/changes/{change.Id}/decisions", UriKind.Relative))
        {
            Content = Json(Sign(change, "alice")),
        };
        request.Headers.TryAddWithoutValidation("Origin", spelled).Should().BeTrue();
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/changes", UriKind.Relative));
        get.Headers.TryAddWithoutValidation("Origin", spelled).Should().BeTrue();

        using var posted = await _http.SendAsync(request);
        using var listed = await _http.SendAsync(get);

        posted.StatusCode.Should().Be(HttpStatusCode.Forbidden, spelled);
        listed.StatusCode.Should().Be(HttpStatusCode.Forbidden, spelled);
        var error = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["error"]!;
        error["rule"]!.GetValue<string>().Should().Be("origin");
        error["message"]!.GetValue<string>().Should().Contain("only the approval page this listener serves");
        await AssertNothingCountedAsync(change, before.Replicas);
    }

    [Fact]
    public async Task AnyRequest_WithTwoOriginHeaders_Is403()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/changes", UriKind.Relative));
        get.Headers.TryAddWithoutValidation("Origin", [$"http://127.0.0.1:{_api.Url.Port}", "http://evil.example"]).Should().BeTrue();

        using var listed = await _http.SendAsync(get);

        listed.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/approvals.js", "text/javascript")]
    [InlineData("/approvals.css", "text/css")]
    public async Task Page_IsServedWithAStrictContentSecurityPolicy(string path, string mediaType)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'")
            .And.NotContain("unsafe-inline").And.NotContain("unsafe-eval").And.NotContain("http");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
        body.Should().NotContainAny("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "localStorage", "sessionStorage", "indexedDB", "eval(", "url(", "@import");
        // Nothing from another host: the only absolute URLs are the in-toto type names the script signs.
        System.Text.RegularExpressions.Regex.Matches(body, "https?://[^'\"\\s]*").Select(m => m.Value)
            .Should().BeSubsetOf(["https://in-toto.io/Statement/v1", "https://mcpgate.dev/attestations/approval/v1", "https://mcpgate.dev/attestations/comment/v1"]);
    }

    [Fact]
    public async Task Page_HasNoInlineScriptAndSaysTheKeyStaysInThePage()
    {
        var html = await _http.GetStringAsync(new Uri("/", UriKind.Relative));

        System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).Should().Equal("<script src=\"/approvals.js\" defer>");
        System.Text.RegularExpressions.Regex.IsMatch(html, "\\son[a-z]+\\s*=").Should().BeFalse("no inline event handlers (onclick=...)");
        html.Should().NotContain("style=").And.NotContain("<style");
        html.Should().Contain("Your private key never leaves this page.");
    }

    [Fact]
    public async Task Burst_PastTheLimit_Is429WithRetryAfter()
    {
        await _api.DisposeAsync();
        _http.Dispose();
        await StartApiAsync(requestsPerMinute: 3);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await _http.GetAsync(new Uri("api/v1/changes", UriKind.Relative));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
        using (limited)
        {
            limited!.Headers.RetryAfter!.Delta.Should().BePositive();
            JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["error"]!["rule"]!.GetValue<string>().Should().Be("rate-limit");
        }
    }

    [Theory]
    [InlineData("GET", "api/v1/nothing", HttpStatusCode.NotFound)]
    [InlineData("GET", "mcp", HttpStatusCode.NotFound)]
    [InlineData("GET", "api/v1/changes/chg-aaaaaaaaaaaa/decisions", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "api/v1/changes", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "api/v1/changes/not-an-id", HttpStatusCode.BadRequest)]
    [InlineData("GET", "api/v1/changes/chg-aaaaaaaaaaaa", HttpStatusCode.NotFound)]
    [InlineData("GET", "api/v1/changes?state=bogus", HttpStatusCode.BadRequest)]
    public async Task Routes_OtherRequests_GetAJsonError(string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));

        using var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(expected);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Events_StreamTheLedgerEntriesOfADecision()
    {
        var change = await _gate.ProposeScaleAsync(8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _http.GetAsync(new Uri("api/v1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        (await reader.ReadLineAsync(timeout.Token)).Should().StartWith(": mcpgate approval events after ledger entry");

        (await PostAsync(change.Id, Sign(change, "alice"))).Status.Should().Be(HttpStatusCode.OK);

        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the stream ended");
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(change.Id, StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        var decided = JsonNode.Parse(data)!;
        decided["event"]!.GetValue<string>().Should().Be("approval_submitted");
        decided["state"]!.GetValue<string>().Should().Be("pending_approval");
    }

    [Fact]
    public async Task Address_IsPublishedWhileRunning_AndRemovedAtStop()
    {
        ApprovalsApiAddress.TryRead(Data).Should().Be(_api.Url);

        await _api.DisposeAsync();
        _api = null!;

        File.Exists(ApprovalsApiAddress.PathIn(Data)).Should().BeFalse();
    }

    [Fact]
    public void Options_NonLoopbackWithoutTls_AreRefused()
    {
        var refusal = ApprovalsApiOptions.Refusal(new ApprovalsApiOptions { Endpoint = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 7443) });

        refusal.Should().Contain("--approvals-listen 10.1.2.3:7443").And.Contain("--approvals-tls-cert");
        ApprovalsApiOptions.Refusal(new ApprovalsApiOptions { Endpoint = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 7443), TlsCertificatePath = "c.pem", TlsKeyPath = "k.pem" }).Should().BeNull();
        ApprovalsApiOptions.Refusal(new ApprovalsApiOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), TlsCertificatePath = "c.pem" }).Should().Contain("go together");
    }

    private async Task AssertNothingCountedAsync(ChangeDocument change, long replicasBefore)
    {
        (await SubmittedApprovals.ReadAsync(_gate.Ledger, change.Id)).Should().BeEmpty("a refused decision is never recorded");
        await _gate.Engine.ProcessAsync();
        (await _gate.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
        (await _gate.ObserveWebAsync()).Replicas.Should().Be(replicasBefore, "nothing was executed");
    }

    private string Sign(ChangeDocument change, string identity, Ed25519PrivateKey? key = null, string? digest = null, DateTimeOffset? signedAt = null, string? comment = null) =>
        ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest ?? change.ProofDigest!,
            Decision = ApprovalDecision.Approve,
            Approver = identity,
            Comment = comment,
            SignedAt = signedAt ?? _gate.Clock.GetUtcNow(),
        }, key ?? _gate.Key(identity)).ToJson();

    /// <summary>The statement alice would sign, with its signatures removed.</summary>
    private string Unsigned(ChangeDocument change)
    {
        var envelope = JsonNode.Parse(Sign(change, "alice"))!.AsObject();
        envelope["signatures"] = new JsonArray();
        return envelope.ToJsonString();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string changeId, string envelope)
    {
        using var content = Json(envelope);
        using var response = await _http.PostAsync(new Uri($"api/v1/changes/{changeId}/decisions", UriKind.Relative), content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
