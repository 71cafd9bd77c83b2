using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Audit;
using McpGate.Core.Changes;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Replay;
using McpGate.Testing.Engine;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Comments;

/// <summary>
/// <see cref="ChangeCommenter"/> on a real ledger and sandbox: a signed comment is recorded as a
/// <c>commented</c> entry and decides nothing; every refusal names its rule, records nothing, and
/// leaves the change pending and the cluster as it was; ledger verify checks the comment's
/// signature and words, and a comment is never a decision nor a decision a comment.
/// </summary>
public sealed class ChangeCommenterTests : IAsyncLifetime
{
    private GateHarness _h = null!;

    public async Task InitializeAsync() => _h = await GateHarness.StartAsync(GateHarness.TwoApprovalsFromSre);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ChangeCommenter Commenter => new(_h.Ledger, _h.Policy, _h.Engine.GatePublicKey, _h.Clock);

    private ChangeHistoryVerifier HistoryVerifier => new(_h.Engine.GatePublicKey, TrustedApprovers.FromPolicy(_h.Policy));

    [Fact]
    public async Task ASignedComment_IsRecordedAsReceived_AndDecidesNothing()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = Sign(change, "alice", _h.Key("alice"), "why 4 and not 3?");

        var outcome = await Commenter.SubmitSignedAsync(change.Id, envelope);
        await _h.Engine.ProcessAsync();

        outcome.Approver.Identity.Should().Be("alice");
        outcome.Count.Should().Be(1);
        var entry = (await _h.Ledger.ReadEntriesAsync(0, change.Id)).Should().ContainSingle(e => e.EventType == LedgerEvents.Commented).Subject;
        entry.Time.Should().Be(outcome.At);
        var payload = JsonNode.Parse(entry.PayloadJson)!;
        payload["identity"]!.GetValue<string>().Should().Be("alice");
        payload["keyId"]!.GetValue<string>().Should().Be(_h.Key("alice").PublicKey.KeyId);
        payload["text"]!.GetValue<string>().Should().Be("why 4 and not 3?");
        payload["envelope"]!.GetValue<string>().Should().Be(envelope, "the envelope is stored as the approver signed it");
        (await ChangeComments.ReadAsync(_h.Ledger, change.Id)).Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Approver = "alice", Text = "why 4 and not 3?", Sequence = entry.Sequence });
        var after = (await _h.Engine.GetChangeAsync(change.Id))!;
        after.State.Should().Be(ChangeState.PendingApproval);
        after.Approvals.Should().BeEmpty("a comment is no vote");
        (await SubmittedApprovals.ReadAsync(_h.Ledger, change.Id)).Should().BeEmpty();
        (await _h.ObserveWebAsync()).Replicas.Should().Be(2);
        (await HistoryVerifier.VerifyAsync(_h.Ledger)).Succeeded.Should().BeTrue();
        (await _h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task CommentAsync_SignsWithTheApproversKeyHere_AndAnyApproverMayComment()
    {
        var change = await _h.ProposeScaleAsync(4);

        var first = await Commenter.CommentAsync(change.Id, _h.Key("carol"), "ops here: the sale starts at 18:00");
        var second = await Commenter.CommentAsync(change.Id, _h.Key("alice"), "thanks, approving after that");

        first.Approver.Identity.Should().Be("carol", "carol is in none of the rule's groups, but comments need none");
        second.Count.Should().Be(2);
        var timeline = (await _h.Engine.TimelineAsync(change.Id))!;
        timeline.Comments.Select(c => (c.Identity, c.Text, c.SignatureVerified)).Should().Equal(
            ("carol", "ops here: the sale starts at 18:00", true), ("alice", "thanks, approving after that", true));
        timeline.Approvals.Should().BeEmpty();
        (await _h.Engine.CommentsAsync(change.Id)).Select(c => c.Approver).Should().Equal("carol", "alice");
    }

    [Fact]
    public async Task AComment_OnAFinalChange_IsRecorded_AndTheChangeStaysFinal()
    {
        var change = await _h.ProposeScaleAsync(4);
        await _h.SubmitAsync(change.Id, "alice");
        await _h.SubmitAsync(change.Id, "bob");
        (await _h.ProcessUntilFinalAsync(change.Id)).State.Should().Be(ChangeState.Verified);

        await Commenter.SubmitSignedAsync(change.Id, Sign(change, "bob", _h.Key("bob"), "went well, closing the ticket"));

        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Verified);
        (await HistoryVerifier.VerifyAsync(_h.Ledger)).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task TheSameEnvelopeTwice_IsADuplicate_RecordedOnce()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = Sign(change, "alice", _h.Key("alice"), "is this the right deployment?");
        await Commenter.SubmitSignedAsync(change.Id, envelope);

        var again = () => Commenter.SubmitSignedAsync(change.Id, envelope);

        var refused = (await again.Should().ThrowAsync<ApprovalRefusedException>()).Which;
        refused.Rule.Should().Be(ApprovalRefusal.Duplicate);
        refused.Message.Should().Contain("already recorded");
        (await CommentsAsync(change.Id)).Should().HaveCount(1);
    }

    public static TheoryData<string> Refusals => new()
    {
        "unknown key",
        "another approver's key",
        "not an approver",
        "other digest",
        "other change",
        "an approval envelope",
        "a cancel envelope",
        "unsigned",
        "not json",
        "signed in the future",
        "signed long ago",
        "empty text",
        "blank text",
        "2001 characters",
        "unknown change",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ARefusedComment_NamesItsRule_AndRecordsNothing(string refusal)
    {
        var change = await _h.ProposeScaleAsync(4);
        var other = await _h.ProposeScaleAsync(5, name: "api");
        var before = await _h.ObserveWebAsync();
        var target = change.Id;
        var (envelope, rule) = refusal switch
        {
            "unknown key" => (Sign(change, "alice", Ed25519PrivateKey.Generate(), "hi"), ApprovalRefusal.Signature),
            "another approver's key" => (Sign(change, "alice", _h.Key("bob"), "hi"), ApprovalRefusal.Identity),
            "not an approver" => (Sign(change, "agent", _h.Key("bob"), "hi"), ApprovalRefusal.Identity),
            "other digest" => (Sign(change, "alice", _h.Key("alice"), "hi", digest: Sha256Digest.Compute([1, 2, 3]).ToString()), ApprovalRefusal.ProofDigest),
            "other change" => (Sign(other, "alice", _h.Key("alice"), "hi"), ApprovalRefusal.ProofDigest),
            "an approval envelope" => (SignDecision(change, "alice", ApprovalDecision.Approve), ApprovalRefusal.Envelope),
            "a cancel envelope" => (SignDecision(change, "alice", ApprovalDecision.Cancel), ApprovalRefusal.Envelope),
            "unsigned" => (Unsigned(Sign(change, "alice", _h.Key("alice"), "hi")), ApprovalRefusal.Envelope),
            "not json" => ("{\"payloadType\":", ApprovalRefusal.Envelope),
            "signed in the future" => (Sign(change, "alice", _h.Key("alice"), "hi", createdAt: _h.Clock.GetUtcNow().AddMinutes(6)), ApprovalRefusal.Envelope),
            "signed long ago" => (Sign(change, "alice", _h.Key("alice"), "hi", createdAt: _h.Clock.GetUtcNow().AddMinutes(-6)), ApprovalRefusal.Envelope),
            "empty text" => (Sign(change, "alice", _h.Key("alice"), string.Empty), ApprovalRefusal.Text),
            "blank text" => (Sign(change, "alice", _h.Key("alice"), "   "), ApprovalRefusal.Text),
            "2001 characters" => (Sign(change, "alice", _h.Key("alice"), new string('a', 2001)), ApprovalRefusal.Text),
            "unknown change" => (Sign(change, "alice", _h.Key("alice"), "hi"), ApprovalRefusal.UnknownChange),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };
        if (refusal == "unknown change")
        {
            target = "chg-aaaaaaaaaaaa";
        }

        var submit = () => Commenter.SubmitSignedAsync(target, envelope);

        (await submit.Should().ThrowAsync<ApprovalRefusedException>(refusal)).Which.Rule.Should().Be(rule, refusal);
        await ExpectNothingRecordedAsync(change, before, refusal);
        (await CommentsAsync(other.Id)).Should().BeEmpty(refusal);
    }

    public static TheoryData<string, string> UnsafeTexts => new()
    {
        { "ESC, a terminal sequence", "ok\u001b[2J" },
        { "a newline", "line one\nAPPROVED by alice" },
        { "a carriage return", "fine\rAPPROVED" },
        { "BEL", "ding\u0007" },
        { "DEL", "x\u007f" },
        { "a C1 control (CSI)", "x\u009b31m" },
        { "the Hangul filler U+3164", "looks\u3164empty" },
        { "the braille blank U+2800", "\u2800" },
        { "a zero-width space", "zero\u200bwidth" },
        { "a right-to-left override", "evil\u202etxt.exe" },
        { "a bidi isolate", "a\u2066b" },
        { "a BOM", "\ufeffhello" },
        { "the line separator", "a\u2028b" },
        { "a tag character", "hi\U000E0041" },
    };

    [Theory]
    [MemberData(nameof(UnsafeTexts))]
    public async Task AComment_WithControlOrInvisibleCharacters_IsRefusedByTheTextRule_BothWays(string what, string text)
    {
        var change = await _h.ProposeScaleAsync(4);
        var before = await _h.ObserveWebAsync();

        var signed = () => Commenter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), text));
        var local = () => Commenter.CommentAsync(change.Id, _h.Key("alice"), text);

        var refused = (await signed.Should().ThrowAsync<ApprovalRefusedException>(what)).Which;
        refused.Rule.Should().Be(ApprovalRefusal.Text, what);
        refused.Message.Should().StartWith("the comment contains U+", what).And.Contain("refused", what);
        (await local.Should().ThrowAsync<ApprovalRefusedException>(what)).Which.Rule.Should().Be(ApprovalRefusal.Text, what);
        await ExpectNothingRecordedAsync(change, before, what);
    }

    [Fact]
    public async Task TheEdges_TwoThousandCharacters_AndAClockFiveMinutesOff_AreAccepted()
    {
        var change = await _h.ProposeScaleAsync(4);

        await Commenter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), new string('a', CommentFormat.MaxLength)));
        await Commenter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), "ahead", createdAt: _h.Clock.GetUtcNow().AddMinutes(5)));
        await Commenter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), "behind", createdAt: _h.Clock.GetUtcNow().AddSeconds(-290)));

        (await CommentsAsync(change.Id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Refusals_SayWhatWasWrong_InTheirOwnWords()
    {
        var change = await _h.ProposeScaleAsync(4);
        var future = _h.Clock.GetUtcNow().AddMinutes(6);

        var unknownKey = () => Commenter.CommentAsync(change.Id, Ed25519PrivateKey.Generate(), "hi");
        var approval = () => Commenter.SubmitSignedAsync(change.Id, SignDecision(change, "alice", ApprovalDecision.Approve));
        var late = () => Commenter.SubmitSignedAsync(change.Id, Sign(change, "alice", _h.Key("alice"), "hi", createdAt: future));
        var longText = () => Commenter.CommentAsync(change.Id, _h.Key("alice"), new string('a', 2001));
        var badId = () => Commenter.CommentAsync("chg-1", _h.Key("alice"), "hi");

        (await unknownKey.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Contain("is not an approver in the policy");
        (await approval.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should()
            .Be($"comment on change {change.Id} refused: payload: not a comment statement (predicateType must be '{CommentFormat.PredicateType}'; a decision goes to the decisions endpoint)");
        (await late.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should()
            .StartWith($"comment on change {change.Id} refused: it says it was written at {future:O}, more than 5 minutes from the gate's time");
        (await longText.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Be("the comment is 2001 characters long; a comment holds at most 2000");
        (await badId.Should().ThrowAsync<ApprovalRefusedException>()).Which.Rule.Should().Be(ApprovalRefusal.ChangeId);
    }

    [Fact]
    public async Task ACommentPostedAsADecision_IsRefused_AndCountsNothing()
    {
        var change = await _h.ProposeScaleAsync(4);
        var comment = Sign(change, "alice", _h.Key("alice"), "approve");
        var submitter = new ApprovalSubmitter(_h.Ledger, _h.Policy, _h.Engine.GatePublicKey, _h.Clock);

        var decide = () => submitter.SubmitSignedAsync(change.Id, comment);

        var refused = (await decide.Should().ThrowAsync<ApprovalRefusedException>()).Which;
        refused.Rule.Should().Be(ApprovalRefusal.Envelope);
        refused.Message.Should().Contain("not an approval statement");
        (await SubmittedApprovals.ReadAsync(_h.Ledger, change.Id)).Should().BeEmpty();
        await _h.Engine.ProcessAsync();
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
    }

    [Fact]
    public async Task TheVerifiers_KeepCommentsAndDecisionsApart_BothWays()
    {
        var change = await _h.ProposeScaleAsync(4);
        var digest = Sha256Digest.Parse(change.ProofDigest!);
        var approvers = TrustedApprovers.FromPolicy(_h.Policy);
        var comment = Sign(change, "alice", _h.Key("alice"), "approve");
        var approval = SignDecision(change, "alice", ApprovalDecision.Approve);

        var commentAsApproval = ApprovalVerifier.Verify(comment, change.Id, digest, approvers, [ApprovalDecision.Approve, ApprovalDecision.Reject, ApprovalDecision.Cancel]);
        var approvalAsComment = CommentVerifier.Verify(approval, change.Id, digest, approvers);
        var commentAsComment = CommentVerifier.Verify(comment, change.Id, digest, approvers);

        commentAsApproval.Succeeded.Should().BeFalse();
        commentAsApproval.Rule.Should().Be(ApprovalRefusal.Envelope);
        approvalAsComment.Succeeded.Should().BeFalse();
        approvalAsComment.Rule.Should().Be(ApprovalRefusal.Envelope);
        commentAsComment.Succeeded.Should().BeTrue(commentAsComment.Failure);
        commentAsComment.Request!.Text.Should().Be("approve");
    }

    [Fact]
    public async Task ACommentWhoseWordsWereRewritten_WithTheChainRecomputed_FailsTheHistoryCheck()
    {
        var change = await _h.ProposeScaleAsync(4);
        await Commenter.CommentAsync(change.Id, _h.Key("alice"), "is this safe?");
        (await HistoryVerifier.VerifyAsync(_h.Ledger)).Succeeded.Should().BeTrue();

        LedgerRewrite.Execute(_h.Ledger.DatabasePath, "UPDATE ledger SET payload = replace(payload, 'is this safe?', 'approve it now') WHERE event_type = 'commented';");

        (await _h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue("the attacker recomputed the chain");
        var history = await HistoryVerifier.VerifyAsync(_h.Ledger);
        history.Succeeded.Should().BeFalse();
        history.ChangeId.Should().Be(change.Id);
        history.Failure.Should().Contain("the comment by alice reads \"approve it now\", but alice signed \"is this safe?\"");
        var timeline = (await _h.Engine.TimelineAsync(change.Id))!;
        timeline.Comments.Should().ContainSingle().Which.SignatureVerified.Should().BeFalse();
    }

    [Fact]
    public async Task ACommentEntryEdited_WithoutTheChain_FailsTheChainCheck()
    {
        var change = await _h.ProposeScaleAsync(4);
        await Commenter.CommentAsync(change.Id, _h.Key("alice"), "is this safe?");

        LedgerRewrite.Execute(_h.Ledger.DatabasePath, "UPDATE ledger SET payload = replace(payload, 'is this safe?', 'approve it now') WHERE event_type = 'commented';", rehash: false);

        var chain = await _h.Ledger.VerifyAsync();
        chain.Succeeded.Should().BeFalse();
        chain.Failure.Should().Contain("entry_hash does not match its content");
    }

    [Theory]
    [InlineData("forged signature")]
    [InlineData("another approver's name")]
    [InlineData("moved to another change")]
    public async Task AForgedCommentEntry_FailsTheHistoryCheck(string forgery)
    {
        var change = await _h.ProposeScaleAsync(4);
        var other = await _h.ProposeScaleAsync(5, name: "api");
        await Commenter.CommentAsync(change.Id, _h.Key("alice"), "is this safe?");
        var sql = forgery switch
        {
            "forged signature" => $"UPDATE ledger SET payload = json_set(payload, '$.envelope', '{Sign(change, "alice", Ed25519PrivateKey.Generate(), "is this safe?")}') WHERE event_type = 'commented';",
            "another approver's name" => "UPDATE ledger SET payload = json_set(payload, '$.identity', 'bob') WHERE event_type = 'commented';",
            _ => $"UPDATE ledger SET change_id = '{other.Id}' WHERE event_type = 'commented';",
        };

        LedgerRewrite.Execute(_h.Ledger.DatabasePath, sql);

        var history = await HistoryVerifier.VerifyAsync(_h.Ledger);
        history.Succeeded.Should().BeFalse(forgery);
        history.Failure.Should().Contain("does not verify", forgery);
    }

    [Fact]
    public async Task TheCsvSheet_HasTheCommentsWords_AsACellAFormulaCannotRun()
    {
        var change = await _h.ProposeScaleAsync(4);
        await Commenter.CommentAsync(change.Id, _h.Key("alice"), "=HYPERLINK(\"http://evil.example\",\"x\")");
        using var csv = new StringWriter();

        await AuditCsv.WriteAsync(_h.Ledger, new AuditExport.Options { GateKey = _h.Engine.GatePublicKey, ExportedAt = _h.Clock.GetUtcNow() }, csv);

        csv.ToString().Split('\n').Should().Contain(row => row.Contains($",{change.Id},commented,,,alice,,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",", StringComparison.Ordinal));
    }

    private async Task ExpectNothingRecordedAsync(ChangeDocument change, (long Replicas, string ResourceVersion) before, string because)
    {
        (await CommentsAsync(change.Id)).Should().BeEmpty(because);
        await _h.Engine.ProcessAsync();
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval, because);
        (await _h.ObserveWebAsync()).Should().Be(before, because);
    }

    private async Task<IReadOnlyList<LedgerEntry>> CommentsAsync(string changeId) =>
        [.. (await _h.Ledger.ReadEntriesAsync(0, changeId)).Where(e => e.EventType == LedgerEvents.Commented)];

    private string Sign(ChangeDocument change, string approver, Ed25519PrivateKey key, string text, string? digest = null, DateTimeOffset? createdAt = null) =>
        CommentSigner.Sign(new CommentRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest ?? change.ProofDigest!,
            Approver = approver,
            Text = text,
            CreatedAt = createdAt ?? _h.Clock.GetUtcNow(),
        }, key).ToJson();

    private string SignDecision(ChangeDocument change, string approver, string decision) =>
        ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = change.ProofDigest!,
            Decision = decision,
            Approver = approver,
            SignedAt = _h.Clock.GetUtcNow(),
        }, _h.Key(approver)).ToJson();

    private static string Unsigned(string envelope)
    {
        var node = JsonNode.Parse(envelope)!;
        node["signatures"] = new JsonArray();
        return node.ToJsonString();
    }
}
