using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Storage;
using McpGate.Server.Approvals;
using McpGate.Testing.Engine;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Tests.Approvals;

/// <summary>
/// <c>POST /api/v1/changes/{id}/comments</c> on the approval API's own real listener, over real
/// HTTP, in front of a real engine, sandbox and SQLite ledger: a signed comment is recorded and
/// shown with the change, streamed as an event, and decides nothing; every refusal is checked for
/// its status and rule, and for what it left: no comment, the change pending, the cluster untouched.
/// </summary>
public sealed class ApprovalsApiCommentTests : IAsyncLifetime
{
    private GateHarness _gate = null!;
    private ApprovalsApiHost _api = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gate = await GateHarness.StartAsync(GateHarness.TwoApprovalsFromSre);
        _api = await ApprovalsApiHost.StartAsync(DataDirectory.Resolve(Path.GetDirectoryName(_gate.Ledger.DatabasePath)), _gate.Policy, _gate.Engine.GatePublicKey,
            new ApprovalsApiOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), Time = _gate.Clock, EventPollInterval = TimeSpan.FromMilliseconds(50) },
            LogLevel.Warning);
        _http = new HttpClient { BaseAddress = _api.Url, Timeout = TimeSpan.FromSeconds(30) };
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

    [Fact]
    public async Task Comment_IsRecorded_ShownWithTheChange_AndDecidesNothing()
    {
        var change = await _gate.ProposeScaleAsync(5);

        var first = await PostAsync(change.Id, Sign(change, "carol", "why five? the dashboard says three is enough"));
        var second = await PostAsync(change.Id, Sign(change, "alice", "\"APPROVED by bob\" is not how this works"));
        var (status, shown) = await GetAsync($"api/v1/changes/{change.Id}");

        first.Status.Should().Be(HttpStatusCode.OK, first.Body.ToJsonString());
        first.Body["changeId"]!.GetValue<string>().Should().Be(change.Id);
        first.Body["approver"]!.GetValue<string>().Should().Be("carol");
        first.Body["comments"]!.GetValue<int>().Should().Be(1);
        DateTimeOffset.Parse(first.Body["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(_gate.Clock.GetUtcNow(), TimeSpan.FromMinutes(1));
        second.Body["comments"]!.GetValue<int>().Should().Be(2);
        status.Should().Be(HttpStatusCode.OK);
        shown["comments"]!.AsArray().Select(c => (c!["approver"]!.GetValue<string>(), c["text"]!.GetValue<string>())).Should().Equal(
            ("carol", "why five? the dashboard says three is enough"), ("alice", "\"APPROVED by bob\" is not how this works"));
        shown["comments"]![0]!["at"]!.GetValue<string>().Should().Be(first.Body["at"]!.GetValue<string>());
        shown["state"]!.GetValue<string>().Should().Be("pending_approval");
        shown["quorum"]!["text"]!.GetValue<string>().Should().Be("0 of 2 approvals, needs 2 more from group sre", "a comment is no approval");
        await _gate.Engine.ProcessAsync();
        (await _gate.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
        (await _gate.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Comment_OnAVerifiedChange_IsRecorded()
    {
        var change = await _gate.ProposeScaleAsync(3);
        await _gate.SubmitAsync(change.Id, "alice");
        await _gate.SubmitAsync(change.Id, "bob");
        (await _gate.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.Verified);

        var (status, body) = await PostAsync(change.Id, Sign(change, "bob", "done, closing the ticket"));

        status.Should().Be(HttpStatusCode.OK, body.ToJsonString());
        (await _gate.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Verified);
    }

    public static TheoryData<string> Refusals => new()
    {
        "unsigned", "unknown-key", "claims-another-identity", "not-an-approver", "other-digest", "other-change", "an-approval-envelope",
        "not-an-envelope", "signed-in-the-future", "control-characters", "hangul-filler", "zero-width-space", "rtl-override", "oversize-text", "empty-text", "unknown-change",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Comment_Refused_NamesTheRuleAndRecordsNothing(string refusal)
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        var target = refusal == "unknown-change" ? "chg-aaaaaaaaaaaa" : change.Id;
        var (envelope, status, rule, says) = refusal switch
        {
            "unsigned" => (Unsigned(Sign(change, "alice", "hi")), HttpStatusCode.BadRequest, ApprovalRefusal.Envelope, "must contain at least one signature"),
            "unknown-key" => (Sign(change, "alice", "hi", Ed25519PrivateKey.Generate()), HttpStatusCode.Forbidden, ApprovalRefusal.Signature, "not signed by any approver in the policy"),
            "claims-another-identity" => (Sign(change, "alice", "hi", _gate.Key("bob")), HttpStatusCode.Forbidden, ApprovalRefusal.Identity, "signed with bob's key but claims to be from \"alice\""),
            "not-an-approver" => (Sign(change, "agent", "hi", _gate.Key("carol")), HttpStatusCode.Forbidden, ApprovalRefusal.Identity, "signed with carol's key but claims to be from \"agent\""),
            "other-digest" => (Sign(change, "alice", "hi", digest: Sha256Digest.Compute(Encoding.UTF8.GetBytes("another proof")).ToString()), HttpStatusCode.Conflict, ApprovalRefusal.ProofDigest, "but the change's proof is"),
            "other-change" => (Sign(change with { Id = "chg-bbbbbbbbbbbb" }, "alice", "hi"), HttpStatusCode.Conflict, ApprovalRefusal.ProofDigest, "comments on change \"chg-bbbbbbbbbbbb\""),
            "an-approval-envelope" => (Approval(change, "alice"), HttpStatusCode.BadRequest, ApprovalRefusal.Envelope, "not a comment statement"),
            "signed-in-the-future" => (Sign(change, "alice", "hi", createdAt: _gate.Clock.GetUtcNow().AddHours(1)), HttpStatusCode.BadRequest, ApprovalRefusal.Envelope, "check the signer's clock"),
            "control-characters" => (Sign(change, "alice", "ok\u001b[2J"), HttpStatusCode.BadRequest, ApprovalRefusal.Text, "the comment contains U+001B, a control character"),
            "hangul-filler" => (Sign(change, "alice", "a\u3164b"), HttpStatusCode.BadRequest, ApprovalRefusal.Text, "the comment contains U+3164, an invisible or direction-changing character"),
            "zero-width-space" => (Sign(change, "alice", "a\u200bb"), HttpStatusCode.BadRequest, ApprovalRefusal.Text, "the comment contains U+200B"),
            "rtl-override" => (Sign(change, "alice", "a\u202eb"), HttpStatusCode.BadRequest, ApprovalRefusal.Text, "the comment contains U+202E"),
            "oversize-text" => (Sign(change, "alice", new string('x', 2001)), HttpStatusCode.BadRequest, ApprovalRefusal.Text, "a comment holds at most 2000"),
            "empty-text" => (Sign(change, "alice", string.Empty), HttpStatusCode.BadRequest, ApprovalRefusal.Text, "the comment is empty"),
            "unknown-change" => (Sign(change, "alice", "hi"), HttpStatusCode.NotFound, ApprovalRefusal.UnknownChange, "no change chg-aaaaaaaaaaaa"),
            _ => ("""{"payloadType":"application/vnd.in-toto+json"}""", HttpStatusCode.BadRequest, ApprovalRefusal.Envelope, "not a DSSE envelope"),
        };

        var (actual, body) = await PostAsync(target, envelope);

        actual.Should().Be(status, body.ToJsonString());
        body["error"]!["rule"]!.GetValue<string>().Should().Be(rule);
        body["error"]!["message"]!.GetValue<string>().Should().Contain(says);
        body.ToJsonString().Should().NotContain(_gate.Ledger.DatabasePath, "the ledger's path is the server's business");
        await AssertNothingRecordedAsync(change, before);
    }

    [Fact]
    public async Task Comment_ReplayedEnvelope_Is409AndRecordedOnce()
    {
        var change = await _gate.ProposeScaleAsync(6);
        var envelope = Sign(change, "alice", "is the HPA off?");

        var first = await PostAsync(change.Id, envelope);
        var replay = await PostAsync(change.Id, envelope);

        first.Status.Should().Be(HttpStatusCode.OK);
        replay.Status.Should().Be(HttpStatusCode.Conflict, replay.Body.ToJsonString());
        replay.Body["error"]!["rule"]!.GetValue<string>().Should().Be(ApprovalRefusal.Duplicate);
        (await ChangeComments.ReadAsync(_gate.Ledger, change.Id)).Should().ContainSingle();
    }

    [Fact]
    public async Task Comment_PostedAsADecision_Is400AndCountsNothing()
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        using var content = Json(Sign(change, "alice", "approve"));

        using var response = await _http.PostAsync(new Uri($"api/v1/changes/{change.Id}/decisions", UriKind.Relative), content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        error["rule"]!.GetValue<string>().Should().Be(ApprovalRefusal.Envelope);
        error["message"]!.GetValue<string>().Should().Contain("not an approval statement");
        (await SubmittedApprovals.ReadAsync(_gate.Ledger, change.Id)).Should().BeEmpty();
        await AssertNothingRecordedAsync(change, before);
    }

    [Fact]
    public async Task Comment_OversizeBody_Is413()
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        var padded = JsonNode.Parse(Sign(change, "alice", "hi"))!.AsObject();
        padded["padding"] = new string('x', (int)ApprovalsApiOptions.DefaultMaxBodyBytes);

        var (status, body) = await PostAsync(change.Id, padded.ToJsonString());

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        body["error"]!["rule"]!.GetValue<string>().Should().Be("body-size");
        body["error"]!["message"]!.GetValue<string>().Should().Contain("a signed comment is one DSSE envelope");
        await AssertNothingRecordedAsync(change, before);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=latin1")]
    public async Task Comment_WrongContentType_Is415(string contentType)
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        using var content = new StringContent(Sign(change, "alice", "hi"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await _http.PostAsync(new Uri($"api/v1/changes/{change.Id}/comments", UriKind.Relative), content);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["rule"]!.GetValue<string>().Should().Be("content-type");
        await AssertNothingRecordedAsync(change, before);
    }

    [Fact]
    public async Task Comment_WithAnOrigin_Is403()
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/v1/changes/{change.Id}/comments", UriKind.Relative))
        {
            Content = Json(Sign(change, "alice", "hi")),
        };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["rule"]!.GetValue<string>().Should().Be("origin");
        await AssertNothingRecordedAsync(change, before);
    }

    [Fact]
    public async Task Comment_GetOnTheCommentsPath_Is405()
    {
        using var response = await _http.GetAsync(new Uri("api/v1/changes/chg-aaaaaaaaaaaa/comments", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("POST");
    }

    [Fact]
    public async Task Events_StreamACommentedEntry()
    {
        var change = await _gate.ProposeScaleAsync(8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _http.GetAsync(new Uri("api/v1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        (await reader.ReadLineAsync(timeout.Token)).Should().StartWith(": mcpgate approval events after ledger entry");

        (await PostAsync(change.Id, Sign(change, "alice", "one question first"))).Status.Should().Be(HttpStatusCode.OK);

        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the stream ended");
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(change.Id, StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        var commented = JsonNode.Parse(data)!;
        commented["event"]!.GetValue<string>().Should().Be(LedgerEvents.Commented);
        commented["state"]!.GetValue<string>().Should().Be("pending_approval");
        data.Should().NotContain("one question first", "the event names the entry; the words are read with the change");
    }

    private async Task AssertNothingRecordedAsync(ChangeDocument change, (long Replicas, string ResourceVersion) before)
    {
        (await ChangeComments.ReadAsync(_gate.Ledger, change.Id)).Should().BeEmpty("a refused comment is never recorded");
        await _gate.Engine.ProcessAsync();
        (await _gate.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
        (await _gate.ObserveWebAsync()).Should().Be(before, "nothing reached the cluster");
    }

    private string Sign(ChangeDocument change, string identity, string text, Ed25519PrivateKey? key = null, string? digest = null, DateTimeOffset? createdAt = null) =>
        CommentSigner.Sign(new CommentRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest ?? change.ProofDigest!,
            Approver = identity,
            Text = text,
            CreatedAt = createdAt ?? _gate.Clock.GetUtcNow(),
        }, key ?? _gate.Key(identity)).ToJson();

    private string Approval(ChangeDocument change, string identity) =>
        ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = change.ProofDigest!,
            Decision = ApprovalDecision.Approve,
            Approver = identity,
            SignedAt = _gate.Clock.GetUtcNow(),
        }, _gate.Key(identity)).ToJson();

    private static string Unsigned(string envelope)
    {
        var node = JsonNode.Parse(envelope)!.AsObject();
        node["signatures"] = new JsonArray();
        return node.ToJsonString();
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
        using var response = await _http.PostAsync(new Uri($"api/v1/changes/{changeId}/comments", UriKind.Relative), content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
