using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Audit;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Storage;
using McpGate.Server.Approvals;
using McpGate.Testing.Engine;
using Microsoft.Extensions.Logging;

namespace McpGate.Server.Tests.Approvals;

/// <summary>
/// <c>POST /api/v1/changes/{id}/cancellations</c> on its own real listener, over real HTTP, in front
/// of a real engine: the sandbox cluster over HTTPS and a SQLite ledger. Every refusal is checked for
/// its status and rule, and afterwards for what it left: the change in its state, no cancellation
/// recorded, and demo/web not written (its resourceVersion unchanged) even after the engine's next pass.
/// </summary>
public sealed class ApprovalsApiCancelTests : IAsyncLifetime
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
    public async Task Cancel_SignedCancelOfAPendingChange_CancelsItAndNothingExecutes()
    {
        var change = await _gate.ProposeScaleAsync(5);
        var before = await _gate.ObserveWebAsync();

        var (status, body) = await PostAsync(change.Id, Sign(change, "carol", reason: "wrong deployment"));

        status.Should().Be(HttpStatusCode.OK, body.ToJsonString());
        body["changeId"]!.GetValue<string>().Should().Be(change.Id);
        body["approver"]!.GetValue<string>().Should().Be("carol", "any approver in the policy may cancel, in the rule's groups or not");
        body["state"]!.GetValue<string>().Should().Be("cancelled");
        body["outcome"]!.GetValue<string>().Should().Be("cancelled by carol before execution: wrong deployment; nothing was changed");
        var stored = await _gate.Engine.GetChangeAsync(change.Id);
        stored!.State.Should().Be(ChangeState.Cancelled);
        stored.Cancellation!.Identity.Should().Be("carol");
        stored.Cancellation.Comment.Should().Be("wrong deployment");
        var approve = () => _gate.SubmitAsync(change.Id, "alice");
        await approve.Should().ThrowAsync<ApprovalRefusedException>("a cancelled change takes no more decisions");
        await _gate.Engine.ProcessAsync();
        (await _gate.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Cancelled);
        (await _gate.ObserveWebAsync()).Should().Be(before, "a cancelled change never reaches the cluster");
        var history = await new ChangeHistoryVerifier(_gate.Engine.GatePublicKey, TrustedApprovers.FromPolicy(_gate.Policy)).VerifyAsync(_gate.Ledger);
        history.Failure.Should().BeNull();
        history.Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Cancel_ThroughTheApiAndLocally_RecordTheSameEntry()
    {
        var remote = await _gate.ProposeScaleAsync(5);
        var local = await _gate.ProposeScaleAsync(6);

        (await PostAsync(remote.Id, Sign(remote, "bob", reason: "not now"))).Status.Should().Be(HttpStatusCode.OK);
        await new ChangeCanceller(_gate.Ledger, _gate.Policy, _gate.Engine.GatePublicKey, _gate.Clock).CancelAsync(local.Id, _gate.Key("bob"), "not now");

        var byApi = await CancelledEntryAsync(remote.Id);
        var byCli = await CancelledEntryAsync(local.Id);
        byApi.Select(p => p.Key).Should().Equal(byCli.Select(p => p.Key));
        foreach (var name in new[] { "from", "to", "identity", "keyId", "reason" })
        {
            byApi[name]!.ToJsonString().Should().Be(byCli[name]!.ToJsonString(), name);
        }

        ApprovalVerifier.Verify(byApi["envelope"]!.GetValue<string>(), remote.Id, Sha256Digest.Parse(remote.ProofDigest!), TrustedApprovers.FromPolicy(_gate.Policy), [ApprovalDecision.Cancel])
            .Succeeded.Should().BeTrue("the API stores the envelope as the approver signed it");
        (await _gate.Engine.GetChangeAsync(remote.Id))!.Outcome.Should().Be((await _gate.Engine.GetChangeAsync(local.Id))!.Outcome);
    }

    public static TheoryData<string> Refusals => new()
    {
        "unsigned", "unknown-key", "claims-another-identity", "other-digest", "approval-posted-as-cancel", "control-characters", "empty-reason", "no-reason", "signed-in-the-future", "not-an-envelope",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Cancel_RefusedCancel_NamesTheRuleAndLeavesTheChangePending(string refusal)
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        var (envelope, status, rule, says) = refusal switch
        {
            "unsigned" => (Unsigned(change), HttpStatusCode.BadRequest, ApprovalRefusal.Envelope, "must contain at least one signature"),
            "unknown-key" => (Sign(change, "mallory", Ed25519PrivateKey.Generate()), HttpStatusCode.Forbidden, ApprovalRefusal.Signature, "not signed by any approver in the policy"),
            "claims-another-identity" => (Sign(change, "alice", _gate.Key("bob")), HttpStatusCode.Forbidden, ApprovalRefusal.Identity, "signed with bob's key but claims to be from \"alice\""),
            "other-digest" => (Sign(change, "alice", digest: Sha256Digest.Compute(Encoding.UTF8.GetBytes("another proof")).ToString()), HttpStatusCode.Conflict, ApprovalRefusal.ProofDigest, "but the change's proof is"),
            "approval-posted-as-cancel" => (Sign(change, "alice", decision: ApprovalDecision.Approve), HttpStatusCode.BadRequest, ApprovalRefusal.Envelope, "predicate.decision is 'approve'; here it must be 'cancel'"),
            "control-characters" => (Sign(change, "alice", reason: "stop\u001b[2J"), HttpStatusCode.BadRequest, ApprovalRefusal.Text, "the reason contains U+001B"),
            "empty-reason" => (Sign(change, "alice", reason: "  "), HttpStatusCode.BadRequest, ApprovalRefusal.Text, "the reason is missing"),
            "no-reason" => (Sign(change, "alice", reason: null), HttpStatusCode.BadRequest, ApprovalRefusal.Text, "the reason is missing"),
            "signed-in-the-future" => (Sign(change, "alice", signedAt: _gate.Clock.GetUtcNow().AddHours(1)), HttpStatusCode.BadRequest, ApprovalRefusal.Envelope, "later than now; check the signer's clock"),
            _ => ("""{"payloadType":"application/vnd.in-toto+json"}""", HttpStatusCode.BadRequest, ApprovalRefusal.Envelope, "not a DSSE envelope"),
        };

        var (actual, body) = await PostAsync(change.Id, envelope);

        actual.Should().Be(status, body.ToJsonString());
        body["error"]!["rule"]!.GetValue<string>().Should().Be(rule);
        body["error"]!["message"]!.GetValue<string>().Should().Contain(says);
        await AssertUntouchedAsync(change.Id, ChangeState.PendingApproval, before);
    }

    [Fact]
    public async Task Decide_CancelEnvelopePostedAsADecision_IsRefusedAndCountsNothing()
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        using var content = new StringContent(Sign(change, "alice"), Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync(new Uri($"api/v1/changes/{change.Id}/decisions", UriKind.Relative), content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body.ToJsonString());
        body["error"]!["rule"]!.GetValue<string>().Should().Be(ApprovalRefusal.Envelope);
        body["error"]!["message"]!.GetValue<string>().Should().Contain("predicate.decision is 'cancel'");
        (await SubmittedApprovals.ReadAsync(_gate.Ledger, change.Id)).Should().BeEmpty();
        await AssertUntouchedAsync(change.Id, ChangeState.PendingApproval, before);
    }

    [Fact]
    public async Task Cancel_ReplayOfAnAcceptedCancel_IsRefusedWith409()
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        var envelope = Sign(change, "alice");

        var first = await PostAsync(change.Id, envelope);
        var replay = await PostAsync(change.Id, envelope);

        first.Status.Should().Be(HttpStatusCode.OK, first.Body.ToJsonString());
        replay.Status.Should().Be(HttpStatusCode.Conflict, replay.Body.ToJsonString());
        replay.Body["error"]!["rule"]!.GetValue<string>().Should().Be(ApprovalRefusal.State);
        replay.Body["error"]!["message"]!.GetValue<string>().Should().Contain("was already cancelled");
        (await _gate.EventTypesAsync(change.Id)).Count(e => e == "cancelled").Should().Be(1);
        await AssertUntouchedAsync(change.Id, ChangeState.Cancelled, before);
    }

    [Fact]
    public async Task Cancel_AfterExecution_IsRefusedWith409AndChangesNothing()
    {
        var change = await _gate.ProposeScaleAsync(3);
        await _gate.SubmitAsync(change.Id, "alice");
        await _gate.SubmitAsync(change.Id, "bob");
        (await _gate.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.Verified);
        var before = await _gate.ObserveWebAsync();

        var (status, body) = await PostAsync(change.Id, Sign(change, "carol"));

        status.Should().Be(HttpStatusCode.Conflict, body.ToJsonString());
        body["error"]!["rule"]!.GetValue<string>().Should().Be(ApprovalRefusal.State);
        body["error"]!["message"]!.GetValue<string>().Should().Contain("already ran and ended verified");
        await AssertUntouchedAsync(change.Id, ChangeState.Verified, before);
    }

    [Fact]
    public async Task Cancel_ApprovedChange_IsCancelledBeforeTheEngineExecutesIt()
    {
        var change = await _gate.ProposeScaleAsync(3);
        await _gate.SubmitAsync(change.Id, "alice");
        await _gate.SubmitAsync(change.Id, "bob");
        await _gate.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        var before = await _gate.ObserveWebAsync();

        var (status, body) = await PostAsync(change.Id, Sign(change, "alice"));

        status.Should().Be(HttpStatusCode.OK, body.ToJsonString());
        await AssertUntouchedAsync(change.Id, ChangeState.Cancelled, before);
    }

    [Fact]
    public async Task Cancel_WrongContentTypeOrOversizeBody_IsRefusedAsADecisionIs()
    {
        var change = await _gate.ProposeScaleAsync(4);
        var before = await _gate.ObserveWebAsync();
        using var text = new StringContent(Sign(change, "alice"));
        text.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        var padded = JsonNode.Parse(Sign(change, "alice"))!.AsObject();
        padded["padding"] = new string('x', (int)ApprovalsApiOptions.DefaultMaxBodyBytes);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/v1/changes/{change.Id}/cancellations", UriKind.Relative))
        {
            Content = new StringContent(Sign(change, "alice"), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "http://evil.example");

        using var wrongType = await _http.PostAsync(new Uri($"api/v1/changes/{change.Id}/cancellations", UriKind.Relative), text);
        var (oversize, _) = await PostAsync(change.Id, padded.ToJsonString());
        using var foreign = await _http.SendAsync(request);

        wrongType.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        oversize.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        foreign.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await AssertUntouchedAsync(change.Id, ChangeState.PendingApproval, before);
    }

    [Theory]
    [InlineData("not-an-id", HttpStatusCode.BadRequest, ApprovalRefusal.ChangeId)]
    [InlineData("chg-aaaaaaaaaaaa", HttpStatusCode.NotFound, ApprovalRefusal.UnknownChange)]
    public async Task Cancel_UnknownOrMalformedId_IsRefused(string id, HttpStatusCode expected, string rule)
    {
        var change = await _gate.ProposeScaleAsync(4);

        var (status, body) = await PostAsync(id, Sign(change, "alice"));

        status.Should().Be(expected, body.ToJsonString());
        body["error"]!["rule"]!.GetValue<string>().Should().Be(rule);
        body["error"]!["message"]!.GetValue<string>().Should().NotContain(_gate.Ledger.DatabasePath, "the ledger's path is the server's business");
    }

    private async Task AssertUntouchedAsync(string changeId, ChangeState state, (long Replicas, string ResourceVersion) before)
    {
        (await _gate.Engine.GetChangeAsync(changeId))!.State.Should().Be(state);
        if (state != ChangeState.Cancelled)
        {
            (await _gate.Engine.GetChangeAsync(changeId))!.Cancellation.Should().BeNull();
            (await _gate.EventTypesAsync(changeId)).Should().NotContain("cancelled");
        }

        await _gate.Engine.ProcessAsync();
        (await _gate.Engine.GetChangeAsync(changeId))!.State.Should().Be(state, "the engine's next pass moves nothing");
        (await _gate.ObserveWebAsync()).Should().Be(before, "demo/web was not written");
    }

    private async Task<JsonObject> CancelledEntryAsync(string changeId) =>
        JsonNode.Parse((await _gate.Ledger.ReadEntriesAsync(0, changeId)).Single(e => e.EventType == "cancelled").PayloadJson)!.AsObject();

    private string Sign(ChangeDocument change, string identity, Ed25519PrivateKey? key = null, string? digest = null, DateTimeOffset? signedAt = null, string? reason = "stop it", string decision = ApprovalDecision.Cancel) =>
        ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest ?? change.ProofDigest!,
            Decision = decision,
            Approver = identity,
            Comment = reason,
            SignedAt = signedAt ?? _gate.Clock.GetUtcNow(),
        }, key ?? _gate.Key(identity)).ToJson();

    /// <summary>The cancel alice would sign, with its signatures removed.</summary>
    private string Unsigned(ChangeDocument change)
    {
        var envelope = JsonNode.Parse(Sign(change, "alice"))!.AsObject();
        envelope["signatures"] = new JsonArray();
        return envelope.ToJsonString();
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string changeId, string envelope)
    {
        using var content = new StringContent(envelope, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri($"api/v1/changes/{changeId}/cancellations", UriKind.Relative), content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
