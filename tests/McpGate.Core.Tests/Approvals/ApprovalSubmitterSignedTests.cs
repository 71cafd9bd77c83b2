using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Testing.Engine;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Approvals;

/// <summary>
/// <see cref="ApprovalSubmitter.SubmitSignedAsync"/>: a decision the approver signed on their side
/// (the approval API's path) on a real ledger and sandbox. Each refusal names its rule, records
/// nothing, and leaves the change pending and the cluster as it was.
/// </summary>
public sealed class ApprovalSubmitterSignedTests : IAsyncLifetime
{
    private const string TwoFromSre = GateHarness.TwoApprovalsFromSre;

    private GateHarness _h = null!;

    public async Task InitializeAsync() => _h = await GateHarness.StartAsync(TwoFromSre);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ApprovalSubmitter Submitter => new(_h.Ledger, _h.Policy, _h.Engine.GatePublicKey, _h.Clock);

    [Fact]
    public async Task ASignedApproval_IsRecordedAsReceived_AndCounted()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = Sign(change, "alice", _h.Key("alice"));

        var outcome = await Submitter.SubmitSignedAsync(change.Id, envelope);

        outcome.Approver.Identity.Should().Be("alice");
        outcome.Decision.Should().Be(ApprovalDecision.Approve);
        outcome.Tally.Accepted.Select(a => a.Identity).Should().Equal("alice");
        var submitted = await SubmittedAsync(change.Id);
        submitted.Should().ContainSingle().Which.PayloadJson.Should().Contain(ExtractSignature(envelope), "the envelope is stored as the approver signed it");
    }

    [Fact]
    public async Task TheSameEnvelopeTwice_IsADuplicate_CountedOnce()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = Sign(change, "alice", _h.Key("alice"));
        await Submitter.SubmitSignedAsync(change.Id, envelope);

        var again = () => Submitter.SubmitSignedAsync(change.Id, envelope);

        (await again.Should().ThrowAsync<ApprovalRefusedException>()).Which.Rule.Should().Be(ApprovalRefusal.Duplicate);
        (await SubmittedAsync(change.Id)).Should().HaveCount(1);
    }

    public static TheoryData<string> Forgeries => new()
    {
        "unknown key",
        "another approver's key",
        "other digest",
        "other change",
        "cancel",
        "unsigned",
        "not json",
        "future",
        "control text",
        "outside the groups",
        "the requester",
        "expired",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task AForgedOrRefusedDecision_RecordsNothing(string forgery)
    {
        var change = await _h.ProposeScaleAsync(4, requester: forgery == "the requester" ? "alice" : "agent");
        var other = await _h.ProposeScaleAsync(5, name: "api");
        var (envelope, rule) = forgery switch
        {
            "unknown key" => (Sign(change, "alice", Ed25519PrivateKey.Generate()), ApprovalRefusal.Signature),
            "another approver's key" => (Sign(change, "alice", _h.Key("bob")), ApprovalRefusal.Identity),
            "other digest" => (Sign(change, "alice", _h.Key("alice"), digest: Sha256Digest.Compute([1, 2, 3]).ToString()), ApprovalRefusal.ProofDigest),
            "other change" => (Sign(other, "alice", _h.Key("alice")), ApprovalRefusal.ProofDigest),
            "cancel" => (Sign(change, "alice", _h.Key("alice"), decision: "cancel"), ApprovalRefusal.Envelope),
            "unsigned" => (Unsigned(Sign(change, "alice", _h.Key("alice"))), ApprovalRefusal.Envelope),
            "not json" => ("{\"payloadType\":", ApprovalRefusal.Envelope),
            "future" => (Sign(change, "alice", _h.Key("alice"), signedAt: _h.Clock.GetUtcNow().AddMinutes(6)), ApprovalRefusal.Envelope),
            "control text" => (Sign(change, "alice", _h.Key("alice"), comment: "ok\u001b[2J"), ApprovalRefusal.Text),
            "outside the groups" => (Sign(change, "carol", _h.Key("carol")), ApprovalRefusal.Groups),
            "the requester" => (Sign(change, "alice", _h.Key("alice")), ApprovalRefusal.Requester),
            "expired" => (Sign(change, "alice", _h.Key("alice")), ApprovalRefusal.Expired),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };
        if (forgery == "expired")
        {
            _h.Clock.Advance(TimeSpan.FromHours(2));
        }

        var submit = () => Submitter.SubmitSignedAsync(change.Id, envelope);

        (await submit.Should().ThrowAsync<ApprovalRefusedException>(forgery)).Which.Rule.Should().Be(rule, forgery);
        (await SubmittedAsync(change.Id)).Should().BeEmpty(forgery);
        if (forgery != "expired")
        {
            await _h.Engine.ProcessAsync();
            (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval, forgery);
        }

        (await _h.ObserveWebAsync()).Replicas.Should().Be(2, forgery);
    }

    [Fact]
    public async Task SignedAtTheEdgeOfTheClockAllowance_IsRecorded_ATickLaterIsRefused()
    {
        var change = await _h.ProposeScaleAsync(4);
        var now = _h.Clock.GetUtcNow();
        var still = new ApprovalSubmitter(_h.Ledger, _h.Policy, _h.Engine.GatePublicKey, new ManualTimeProvider(now));
        var edge = now + TimeSpan.FromMinutes(5);

        var tooLate = () => still.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), signedAt: edge + TimeSpan.FromTicks(1)));
        (await tooLate.Should().ThrowAsync<ApprovalRefusedException>()).Which.Rule.Should().Be(ApprovalRefusal.Envelope);
        var outcome = await still.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), signedAt: edge));

        outcome.Approver.Identity.Should().Be("alice");
        (await SubmittedAsync(change.Id)).Should().ContainSingle("the refused one recorded nothing");
    }

    [Fact]
    public async Task Refusals_SayWhatWasWrong_InTheirOwnWords()
    {
        var change = await _h.ProposeScaleAsync(4);
        var signedAt = _h.Clock.GetUtcNow().AddMinutes(6);

        var unknown = () => Submitter.SubmitSignedAsync(change.Id, Sign(change, "alice", Ed25519PrivateKey.Generate()));
        var future = () => Submitter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), signedAt: signedAt));
        var rejectText = () => Submitter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), decision: ApprovalDecision.Reject, comment: "no\u001b[2J"));
        var approveText = () => Submitter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), comment: "ok\u001b[2J"));
        var missing = () => Submitter.SubmitSignedAsync(change.Id, null!);

        (await unknown.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().StartWith($"decision on change {change.Id} refused: ");
        (await future.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should()
            .Be($"decision on change {change.Id} refused: it says it was signed at {signedAt:O}, later than now; check the signer's clock");
        (await rejectText.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().StartWith("the reason ");
        (await approveText.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().StartWith("the comment ");
        await missing.Should().ThrowAsync<ArgumentNullException>();
        (await SubmittedAsync(change.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task AnApproversClock_MayRunFiveMinutesAhead_NotMore()
    {
        var change = await _h.ProposeScaleAsync(4);

        await Submitter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), signedAt: _h.Clock.GetUtcNow().AddMinutes(5)));

        (await SubmittedAsync(change.Id)).Should().ContainSingle();
    }

    [Theory]
    [InlineData("rejected", ApprovalRefusal.Rejected)]
    [InlineData("expired", ApprovalRefusal.Expired)]
    [InlineData("verified", ApprovalRefusal.State)]
    public async Task ADecisionOnAChangeNoLongerPending_IsRefusedByWhatHappenedToIt(string happened, string rule)
    {
        var change = await _h.ProposeScaleAsync(4);
        var late = Sign(change, "alice", _h.Key("alice"));
        switch (happened)
        {
            case "rejected":
                await _h.SubmitAsync(change.Id, "bob", ApprovalDecision.Reject);
                await _h.Engine.ProcessAsync();
                break;
            case "expired":
                _h.Clock.Advance(TimeSpan.FromHours(2));
                await _h.Engine.ProcessAsync();
                break;
            default:
                await _h.SubmitAsync(change.Id, "alice");
                await _h.SubmitAsync(change.Id, "bob");
                await _h.ProcessUntilFinalAsync(change.Id);
                late = Sign(change, "alice", Ed25519PrivateKey.Generate());
                break;
        }

        var submit = () => Submitter.SubmitSignedAsync(change.Id, late);

        (await submit.Should().ThrowAsync<ApprovalRefusedException>()).Which.Rule.Should().Be(rule);
        (await _h.Engine.GetChangeAsync(change.Id))!.State.ToWire().Should().Be(happened);
    }

    [Fact]
    public async Task TwoSignedApprovals_FromTheRightGroup_AreWhatItTakesToExecute()
    {
        var change = await _h.ProposeScaleAsync(4);
        await Submitter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice")));
        await _h.Engine.ProcessAsync();
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval, "one of two");

        await Submitter.SubmitSignedAsync(change.Id, Sign(change, "bob", _h.Key("bob")));
        var final = await _h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified);
        (await _h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    private string Sign(ChangeDocument change, string approver, Ed25519PrivateKey key, string decision = ApprovalDecision.Approve,
        string? digest = null, DateTimeOffset? signedAt = null, string? comment = null) =>
        ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest ?? change.ProofDigest!,
            Decision = decision,
            Approver = approver,
            Comment = comment,
            SignedAt = signedAt ?? _h.Clock.GetUtcNow(),
        }, key).ToJson();

    private static string Unsigned(string envelope)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(envelope)!;
        node["signatures"] = new System.Text.Json.Nodes.JsonArray();
        return node.ToJsonString();
    }

    private static string ExtractSignature(string envelope) =>
        System.Text.Json.Nodes.JsonNode.Parse(envelope)!["signatures"]![0]!["sig"]!.GetValue<string>();

    private async Task<IReadOnlyList<LedgerEntry>> SubmittedAsync(string changeId) =>
        [.. (await _h.Ledger.ReadEntriesAsync(0, changeId)).Where(e => e.EventType == LedgerEvents.ApprovalSubmitted)];
}
