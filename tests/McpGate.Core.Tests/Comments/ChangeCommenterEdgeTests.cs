using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Proofs;
using McpGate.Testing.Engine;
using McpGate.Testing.Files;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Comments;

/// <summary>
/// The edges of <see cref="ChangeCommenter"/> on a real ledger: the clock allowance exactly at
/// five minutes and one tick past, both ways, on a clock that moves only when told; a change whose
/// stored proof was altered takes no comment; and the guards of the commenter, verifier and signer.
/// </summary>
public sealed class ChangeCommenterEdgeTests : IAsyncLifetime
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private GateHarness _h = null!;
    private ManualTimeProvider _clock = null!;

    public async Task InitializeAsync()
    {
        _h = await GateHarness.StartAsync();
        _clock = new ManualTimeProvider(_h.Clock.GetUtcNow());
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ChangeCommenter Commenter => new(_h.Ledger, _h.Policy, _h.Engine.GatePublicKey, _clock);

    public static TheoryData<string, long, bool> ClockEdges => new()
    {
        { "exactly five minutes ahead", TimeSpan.FromMinutes(5).Ticks, true },
        { "five minutes and a tick ahead", TimeSpan.FromMinutes(5).Ticks + 1, false },
        { "exactly five minutes behind", -TimeSpan.FromMinutes(5).Ticks, true },
        { "five minutes and a tick behind", -TimeSpan.FromMinutes(5).Ticks - 1, false },
        { "a second ahead", TimeSpan.FromSeconds(1).Ticks, true },
        { "a second behind", -TimeSpan.FromSeconds(1).Ticks, true },
        { "on the gate's time", 0, true },
        { "an hour ahead", TimeSpan.FromHours(1).Ticks, false },
        { "a day behind", -TimeSpan.FromDays(1).Ticks, false },
    };

    [Theory]
    [MemberData(nameof(ClockEdges))]
    public async Task TheClockAllowance_IsFiveMinutesEitherWay_ToTheTick(string what, long offsetTicks, bool accepted)
    {
        var change = await _h.ProposeScaleAsync(4);
        var before = await _h.EventTypesAsync(change.Id);
        var createdAt = _clock.GetUtcNow() + TimeSpan.FromTicks(offsetTicks);
        var envelope = Sign(change, "alice", "is this the right one?", createdAt);

        var submit = () => Commenter.SubmitSignedAsync(change.Id, envelope);

        if (accepted)
        {
            var outcome = await submit();
            outcome.Count.Should().Be(1, what);
            var entry = (await _h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == LedgerEvents.Commented);
            JsonNode.Parse(entry.PayloadJson)!["createdAt"]!.GetValue<string>().Should().Be(createdAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture), what);
        }
        else
        {
            var refused = (await submit.Should().ThrowAsync<ApprovalRefusedException>(what)).Which;
            refused.Rule.Should().Be(ApprovalRefusal.Envelope, what);
            refused.Message.Should().Be($"comment on change {change.Id} refused: it says it was written at {createdAt:O}, more than 5 minutes from the gate's time {_clock.GetUtcNow():O}; check the signer's clock, and sign a comment just before sending it", what);
            (await _h.EventTypesAsync(change.Id)).Should().Equal(before, what);
        }

        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval, what);
    }

    [Fact]
    public async Task ACommentThatWasTooEarly_IsTakenOnceTheGateClockReachesIt()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = Sign(change, "alice", "ahead of time", _clock.GetUtcNow() + TimeSpan.FromMinutes(5) + Tick);
        await FluentActions.Awaiting(() => Commenter.SubmitSignedAsync(change.Id, envelope)).Should().ThrowAsync<ApprovalRefusedException>();

        _clock.Advance(Tick);

        (await Commenter.SubmitSignedAsync(change.Id, envelope)).Count.Should().Be(1);
        _clock.Advance(TimeSpan.FromMinutes(10) + Tick);
        var late = Sign(change, "alice", "now too late", _clock.GetUtcNow() - TimeSpan.FromMinutes(5) - Tick);
        (await FluentActions.Awaiting(() => Commenter.SubmitSignedAsync(change.Id, late)).Should().ThrowAsync<ApprovalRefusedException>()).Which.Rule.Should().Be(ApprovalRefusal.Envelope);
        (await ChangeComments.ReadAsync(_h.Ledger, change.Id)).Select(c => c.Text).Should().Equal("ahead of time");
    }

    [Fact]
    public async Task TheLocalComment_IsDatedByTheGatesClock()
    {
        var change = await _h.ProposeScaleAsync(4);
        _clock.Advance(TimeSpan.FromHours(3));

        var outcome = await Commenter.CommentAsync(change.Id, _h.Key("bob"), "dated now");

        outcome.Count.Should().Be(1);
        var entry = (await _h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == LedgerEvents.Commented);
        JsonNode.Parse(entry.PayloadJson)!["createdAt"]!.GetValue<string>().Should().Be(_clock.GetUtcNow().ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    public static TheoryData<string> Alterations => new()
    {
        "the reason edited",
        "the patch edited",
        "the stored digest replaced",
        "the proof's signature removed",
        "the proof of another change",
        "no proof",
        "the proof not an envelope",
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public async Task AComment_OnAChangeWhoseStoredProofWasAltered_IsRefused_AndNothingIsRecorded(string alteration)
    {
        var change = await _h.ProposeScaleAsync(4);
        var other = await _h.ProposeScaleAsync(5, name: "api");
        var envelope = Sign(change, "alice", "is this safe?", _clock.GetUtcNow());
        await _h.TamperDocumentAsync(change.Id, c => alteration switch
        {
            "the reason edited" => c with { Reason = "something else" },
            "the patch edited" => c with { Patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 0 } } },
            "the stored digest replaced" => c with { ProofDigest = Sha256Digest.Compute([1, 2, 3]).ToString() },
            "the proof's signature removed" => c with { ProofEnvelope = Unsigned(c.ProofEnvelope!) },
            "the proof of another change" => c with { ProofEnvelope = other.ProofEnvelope, ProofDigest = other.ProofDigest },
            "no proof" => c with { ProofEnvelope = null, ProofDigest = null },
            "the proof not an envelope" => c with { ProofEnvelope = "{}" },
            _ => throw new ArgumentOutOfRangeException(nameof(alteration)),
        });
        var before = await _h.EventTypesAsync(change.Id);

        var signed = () => Commenter.SubmitSignedAsync(change.Id, envelope);
        var local = () => Commenter.CommentAsync(change.Id, _h.Key("alice"), "is this safe?");

        var refused = (await signed.Should().ThrowAsync<ApprovalRefusedException>(alteration)).Which;
        refused.Rule.Should().Be(ApprovalRefusal.Proof, alteration);
        refused.Message.Should().StartWith($"change {change.Id} cannot be commented on: ", alteration);
        (await local.Should().ThrowAsync<ApprovalRefusedException>(alteration)).Which.Rule.Should().Be(ApprovalRefusal.Proof, alteration);
        (await _h.EventTypesAsync(change.Id)).Should().Equal(before, alteration);
        (await ChangeComments.ReadAsync(_h.Ledger, change.Id)).Should().BeEmpty(alteration);
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval, alteration);
    }

    [Theory]
    [InlineData("a key no approver holds")]
    [InlineData("an unknown change")]
    [InlineData("a change whose proof was altered")]
    public async Task TheLocalComment_ChecksItsWordsFirst(string also)
    {
        var change = await _h.ProposeScaleAsync(4);
        using var stranger = Ed25519PrivateKey.Generate();
        if (also == "a change whose proof was altered")
        {
            await _h.TamperDocumentAsync(change.Id, c => c with { Reason = "something else" });
        }

        var comment = () => Commenter.CommentAsync(also == "an unknown change" ? "chg-aaaaaaaaaaaa" : change.Id, also == "a key no approver holds" ? stranger : _h.Key("alice"), "two\nlines");

        var refused = (await comment.Should().ThrowAsync<ApprovalRefusedException>(also)).Which;
        refused.Rule.Should().Be(ApprovalRefusal.Text, also);
        refused.Message.Should().StartWith("the comment contains U+000A, a control character", also);
        (await ChangeComments.ReadAsync(_h.Ledger, change.Id)).Should().BeEmpty(also);
    }

    [Fact]
    public async Task AComment_OnAChangeDeletedFromTheFileMeanwhile_IsRefused_AndNothingIsRecorded()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = Sign(change, "alice", "is this safe?", _clock.GetUtcNow());
        var clock = new DeletingClock(_clock, _h.Ledger.DatabasePath, change.Id);
        var commenter = new ChangeCommenter(_h.Ledger, _h.Policy, _h.Engine.GatePublicKey, clock);

        var submit = () => commenter.SubmitSignedAsync(change.Id, envelope);

        var refused = (await submit.Should().ThrowAsync<ApprovalRefusedException>()).Which;
        clock.Deleted.Should().BeTrue();
        refused.Rule.Should().Be(ApprovalRefusal.UnknownChange);
        refused.Message.Should().Be($"change {change.Id} is no longer in this ledger ({_h.Ledger.DatabasePath})");
        refused.InnerException.Should().BeOfType<ChangeStateConflictException>();
        (await _h.Ledger.GetChangeAsync(change.Id)).Should().BeNull();
        (await _h.Ledger.ReadEntriesAsync(0, null)).Should().NotContain(e => e.EventType == LedgerEvents.Commented);
    }

    [Fact]
    public async Task MissingArguments_ThrowNamingThem()
    {
        var change = await _h.ProposeScaleAsync(4);
        var approvers = TrustedApprovers.FromPolicy(_h.Policy);
        var digest = Sha256Digest.Parse(change.ProofDigest!);
        var request = new CommentRequest { ChangeId = change.Id, ProofDigest = change.ProofDigest!, Approver = "alice", Text = "hi", CreatedAt = _clock.GetUtcNow() };

        FluentActions.Invoking(() => new ChangeCommenter(_h.Ledger, null!, _h.Engine.GatePublicKey, _clock)).Should().Throw<ArgumentNullException>().WithParameterName("policy");
        FluentActions.Invoking(() => new ChangeCommenter(null!, _h.Policy, _h.Engine.GatePublicKey, _clock)).Should().Throw<ArgumentNullException>().WithParameterName("ledger");
        FluentActions.Invoking(() => new ChangeCommenter(_h.Ledger, _h.Policy, null!, _clock)).Should().Throw<ArgumentNullException>().WithParameterName("gateKey");
        FluentActions.Invoking(() => new ChangeCommenter(_h.Ledger, _h.Policy, _h.Engine.GatePublicKey, null!)).Should().Throw<ArgumentNullException>().WithParameterName("timeProvider");
        await FluentActions.Awaiting(() => Commenter.CommentAsync(change.Id, null!, "hi")).Should().ThrowAsync<ArgumentNullException>().WithParameterName("key");
        await FluentActions.Awaiting(() => Commenter.SubmitSignedAsync(change.Id, null!)).Should().ThrowAsync<ArgumentNullException>().WithParameterName("envelopeJson");
        await FluentActions.Awaiting(() => Commenter.SubmitSignedAsync("chg-aaaaaaaaaaaa", null!)).Should().ThrowAsync<ArgumentNullException>("the envelope is checked before the change is looked up").WithParameterName("envelopeJson");
        FluentActions.Invoking(() => CommentVerifier.Verify(null!, change.Id, digest, approvers)).Should().Throw<ArgumentNullException>().WithParameterName("envelopeJson");
        FluentActions.Invoking(() => CommentVerifier.Verify("{}", change.Id, digest, null!)).Should().Throw<ArgumentNullException>().WithParameterName("approvers");
        FluentActions.Invoking(() => CommentSigner.Sign(null!, _h.Key("alice"))).Should().Throw<ArgumentNullException>().WithParameterName("request");
        FluentActions.Invoking(() => CommentSigner.Sign(request, null!)).Should().Throw<ArgumentNullException>().WithParameterName("approverKey");
        (await ChangeComments.ReadAsync(_h.Ledger, change.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task TheSignedStatement_NamesTheProofAndTheComment_AsTheVerifierReadsIt()
    {
        var change = await _h.ProposeScaleAsync(4);
        var createdAt = _clock.GetUtcNow();
        var envelope = CommentSigner.Sign(new CommentRequest { ChangeId = change.Id, ProofDigest = change.ProofDigest!, Approver = "alice", Text = "why?", CreatedAt = createdAt }, _h.Key("alice"));

        var statement = JsonNode.Parse(envelope.Payload)!;

        envelope.PayloadType.Should().Be(ProofFormat.PayloadType);
        statement["_type"]!.GetValue<string>().Should().Be(ProofFormat.StatementType);
        statement["predicateType"]!.GetValue<string>().Should().Be(CommentFormat.PredicateType);
        statement["subject"]![0]!["name"]!.GetValue<string>().Should().Be($"mcpgate-proof:{change.Id}");
        statement["subject"]![0]!["digest"]!["sha256"]!.GetValue<string>().Should().Be(Sha256Digest.Parse(change.ProofDigest!).Hex);
        var predicate = statement["predicate"]!;
        predicate["changeId"]!.GetValue<string>().Should().Be(change.Id);
        predicate["approver"]!.GetValue<string>().Should().Be("alice");
        predicate["text"]!.GetValue<string>().Should().Be("why?");
        predicate["createdAt"]!.GetValue<string>().Should().Be(createdAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var verified = CommentVerifier.Verify(envelope.ToJson(), change.Id, Sha256Digest.Parse(change.ProofDigest!), TrustedApprovers.FromPolicy(_h.Policy));
        verified.Succeeded.Should().BeTrue(verified.Failure);
        verified.Request!.CreatedAt.Should().Be(createdAt);
        verified.Approver!.Identity.Should().Be("alice");
    }

    private string Sign(ChangeDocument change, string approver, string text, DateTimeOffset createdAt) =>
        CommentSigner.Sign(new CommentRequest
        {
            ChangeId = change.Id,
            ProofDigest = change.ProofDigest!,
            Approver = approver,
            Text = text,
            CreatedAt = createdAt,
        }, _h.Key(approver)).ToJson();

    private static string Unsigned(string envelope)
    {
        var node = JsonNode.Parse(envelope)!;
        node["signatures"] = new JsonArray();
        return node.ToJsonString();
    }

    /// <summary>
    /// The gate's clock, read between finding the change and recording the comment: the first
    /// reading deletes the change and its entries from the file, as someone with write access to
    /// the data directory could.
    /// </summary>
    private sealed class DeletingClock(TimeProvider inner, string databasePath, string changeId) : TimeProvider
    {
        public bool Deleted { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            if (!Deleted)
            {
                LedgerRewrite.Execute(databasePath, $"DELETE FROM ledger WHERE change_id = '{changeId}'; DELETE FROM changes WHERE change_id = '{changeId}';");
                Deleted = true;
            }

            return inner.GetUtcNow();
        }
    }
}
