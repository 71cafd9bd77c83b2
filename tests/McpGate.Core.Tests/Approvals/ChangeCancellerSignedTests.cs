using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Comments;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Testing.Engine;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Approvals;

/// <summary>
/// <see cref="ChangeCanceller.CancelSignedAsync"/>, the approval API's path, on a real ledger with
/// real signatures: every refusal names its rule and leaves the change as it was, with nothing
/// recorded; the clock allowance at its edge; the re-reads when the state moves under a cancel,
/// counted; and a change an executor claimed.
/// </summary>
public sealed class ChangeCancellerSignedTests : IAsyncLifetime
{
    private GateHarness _h = null!;
    private ManualTimeProvider _clock = null!;

    public async Task InitializeAsync()
    {
        _h = await GateHarness.StartAsync();
        _clock = new ManualTimeProvider(_h.Clock.GetUtcNow());
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ChangeCanceller Canceller(TimeProvider? time = null) => new(_h.Ledger, _h.Policy, _h.Engine.GatePublicKey, time ?? _clock);

    [Fact]
    public async Task ASignedCancel_IsRecordedAsReceived_WithItsSignersIdentityAndReason()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = SignCancel(change, "bob", _h.Key("bob"), "wrong deployment");

        var cancelled = await Canceller().CancelSignedAsync(change.Id, envelope);

        cancelled.State.Should().Be(ChangeState.Cancelled);
        cancelled.Cancellation!.Identity.Should().Be("bob");
        cancelled.Cancellation.KeyId.Should().Be(_h.Key("bob").PublicKey.KeyId);
        cancelled.Cancellation.Comment.Should().Be("wrong deployment");
        cancelled.Cancellation.At.Should().Be(_clock.GetUtcNow());
        cancelled.Outcome.Should().Be("cancelled by bob before execution: wrong deployment; nothing was changed");
        var stored = (await _h.Engine.GetChangeAsync(change.Id))!;
        stored.State.Should().Be(ChangeState.Cancelled);
        stored.Cancellation!.Identity.Should().Be("bob");
        var payload = JsonNode.Parse((await _h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "cancelled").PayloadJson)!;
        payload["envelope"]!.GetValue<string>().Should().Be(envelope, "the cancel is stored as the approver signed it");
        payload["reason"]!.GetValue<string>().Should().Be("wrong deployment");
        payload["identity"]!.GetValue<string>().Should().Be("bob");
        payload["from"]!.GetValue<string>().Should().Be("pending_approval");
        (await _h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    public static TheoryData<string> Refusals => new()
    {
        "a key no approver holds",
        "the requester's own key",
        "another approver's key",
        "a key of the gate",
        "another proof digest",
        "a cancel of another change",
        "an approval",
        "a rejection",
        "a comment",
        "unsigned",
        "not json",
        "not an envelope",
        "no reason",
        "an empty reason",
        "a blank reason",
        "signed 5 minutes and a tick ahead",
        "signed an hour ahead",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ARefusedSignedCancel_NamesItsRule_RecordsNothing_AndLeavesTheChangeAsItWas(string refusal)
    {
        var change = await _h.ProposeScaleAsync(4);
        var other = await _h.ProposeScaleAsync(5, name: "api");
        using var stranger = Ed25519PrivateKey.Generate();
        var now = _clock.GetUtcNow();
        var (envelope, rule) = refusal switch
        {
            "a key no approver holds" => (SignCancel(change, "alice", stranger, "stop"), ApprovalRefusal.Signature),
            "the requester's own key" => (SignCancel(change, "agent", stranger, "stop"), ApprovalRefusal.Signature),
            "another approver's key" => (SignCancel(change, "alice", _h.Key("bob"), "stop"), ApprovalRefusal.Identity),
            "a key of the gate" => (SignCancel(change, "alice", _h.GateKey, "stop"), ApprovalRefusal.Signature),
            "another proof digest" => (SignCancel(change, "alice", _h.Key("alice"), "stop", digest: Sha256Digest.Compute([1, 2, 3]).ToString()), ApprovalRefusal.ProofDigest),
            "a cancel of another change" => (SignCancel(other, "alice", _h.Key("alice"), "stop"), ApprovalRefusal.ProofDigest),
            "an approval" => (SignCancel(change, "alice", _h.Key("alice"), "stop", decision: ApprovalDecision.Approve), ApprovalRefusal.Envelope),
            "a rejection" => (SignCancel(change, "alice", _h.Key("alice"), "stop", decision: ApprovalDecision.Reject), ApprovalRefusal.Envelope),
            "a comment" => (SignComment(change, "alice", "stop"), ApprovalRefusal.Envelope),
            "unsigned" => (Unsigned(SignCancel(change, "alice", _h.Key("alice"), "stop")), ApprovalRefusal.Envelope),
            "not json" => ("{\"payloadType\":", ApprovalRefusal.Envelope),
            "not an envelope" => ("{}", ApprovalRefusal.Envelope),
            "no reason" => (SignCancel(change, "alice", _h.Key("alice"), null), ApprovalRefusal.Text),
            "an empty reason" => (SignCancel(change, "alice", _h.Key("alice"), string.Empty), ApprovalRefusal.Text),
            "a blank reason" => (SignCancel(change, "alice", _h.Key("alice"), " \t "), ApprovalRefusal.Text),
            "signed 5 minutes and a tick ahead" => (SignCancel(change, "alice", _h.Key("alice"), "stop", signedAt: now + TimeSpan.FromMinutes(5) + TimeSpan.FromTicks(1)), ApprovalRefusal.Envelope),
            "signed an hour ahead" => (SignCancel(change, "alice", _h.Key("alice"), "stop", signedAt: now.AddHours(1)), ApprovalRefusal.Envelope),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };
        var before = await _h.EventTypesAsync(change.Id);
        var otherBefore = await _h.EventTypesAsync(other.Id);

        var cancel = () => Canceller().CancelSignedAsync(change.Id, envelope);

        var refused = (await cancel.Should().ThrowAsync<ApprovalRefusedException>(refusal)).Which;
        refused.Rule.Should().Be(rule, refusal);
        refused.Message.Should().StartWith($"cancel of change {change.Id} refused: ", refusal);

        await ExpectUnchangedAsync(change, before, refusal);
        (await _h.EventTypesAsync(other.Id)).Should().Equal(otherBefore, refusal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task ACancelWithoutAReason_SaysWhatIsMissing(string? reason)
    {
        var change = await _h.ProposeScaleAsync(4);
        var before = await _h.EventTypesAsync(change.Id);

        var cancel = () => Canceller().CancelSignedAsync(change.Id, SignCancel(change, "alice", _h.Key("alice"), reason));

        (await cancel.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Be(
            $"cancel of change {change.Id} refused: the reason is missing; say why it is cancelled (predicate.comment), it is recorded and shown to the agent");
        await ExpectUnchangedAsync(change, before, reason ?? "null");
    }

    public static TheoryData<string, string> UnsafeReasons => new()
    {
        { "ESC, a terminal sequence", "ok\u001b[2J" },
        { "a newline", "stop\nAPPROVED by alice" },
        { "a carriage return", "fine\rAPPROVED" },
        { "BEL", "ding\u0007" },
        { "DEL", "x\u007f" },
        { "a C1 control (CSI)", "x\u009b31m" },
        { "NUL", "a\u0000b" },
        { "the Hangul filler U+3164", "looks\u3164empty" },
        { "a zero-width space", "zero\u200bwidth" },
        { "a right-to-left override", "evil\u202etxt.exe" },
        { "a BOM", "\ufeffhello" },
        { "the line separator", "a\u2028b" },
        { "a tag character", "hi\U000E0041" },
    };

    [Theory]
    [MemberData(nameof(UnsafeReasons))]
    public async Task ASignedCancel_WhoseReasonHasControlOrInvisibleCharacters_IsRefusedByTheTextRule(string what, string reason)
    {
        var change = await _h.ProposeScaleAsync(4);
        var before = await _h.EventTypesAsync(change.Id);

        var cancel = () => Canceller().CancelSignedAsync(change.Id, SignCancel(change, "alice", _h.Key("alice"), reason));

        var refused = (await cancel.Should().ThrowAsync<ApprovalRefusedException>(what)).Which;
        refused.Rule.Should().Be(ApprovalRefusal.Text, what);
        refused.Message.Should().StartWith("the reason contains U+", what).And.Contain("are refused", what);
        await ExpectUnchangedAsync(change, before, what);
    }

    [Fact]
    public async Task TheClockAllowance_TakesACancelDatedExactlyFiveMinutesAhead()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = SignCancel(change, "alice", _h.Key("alice"), "stop", signedAt: _clock.GetUtcNow() + TimeSpan.FromMinutes(5));

        (await Canceller().CancelSignedAsync(change.Id, envelope)).State.Should().Be(ChangeState.Cancelled);

        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Cancelled);
    }

    [Fact]
    public async Task TheClockAllowance_TakesACancelDatedOneMinuteAhead()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = SignCancel(change, "alice", _h.Key("alice"), "stop", signedAt: _clock.GetUtcNow().AddMinutes(1));

        (await Canceller().CancelSignedAsync(change.Id, envelope)).State.Should().Be(ChangeState.Cancelled);
    }

    [Fact]
    public async Task ACancelSignedBeforeItWasSent_IsTaken_OnlyTheFutureIsRefused()
    {
        // A cancel names this change's exact proof, so an old one still says "stop this change";
        // only a date ahead of the gate's clock is refused (a signer's clock that is wrong).
        var change = await _h.ProposeScaleAsync(4);
        var envelope = SignCancel(change, "alice", _h.Key("alice"), "stop", signedAt: _clock.GetUtcNow().AddHours(-1));

        (await Canceller().CancelSignedAsync(change.Id, envelope)).State.Should().Be(ChangeState.Cancelled);
    }

    [Fact]
    public async Task AFutureDatedCancel_AcceptedOnceTheGateClockCatchesUp_AndTheRefusalSaysWhen()
    {
        var change = await _h.ProposeScaleAsync(4);
        var signedAt = _clock.GetUtcNow().AddMinutes(6);
        var envelope = SignCancel(change, "alice", _h.Key("alice"), "stop", signedAt: signedAt);

        var early = () => Canceller().CancelSignedAsync(change.Id, envelope);

        (await early.Should().ThrowAsync<ApprovalRefusedException>()).Which.Message.Should().Be(
            $"cancel of change {change.Id} refused: it says it was signed at {signedAt:O}, later than now; check the signer's clock");
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await Canceller().CancelSignedAsync(change.Id, envelope)).State.Should().Be(ChangeState.Cancelled);
    }

    [Fact]
    public async Task AReplayedCancel_IsRefusedAsTooLate_AndRecordedOnce()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = SignCancel(change, "alice", _h.Key("alice"), "stop");
        await Canceller().CancelSignedAsync(change.Id, envelope);
        var after = await _h.EventTypesAsync(change.Id);

        var replay = () => Canceller().CancelSignedAsync(change.Id, envelope);

        var refused = (await replay.Should().ThrowAsync<ApprovalRefusedException>()).Which;
        refused.Rule.Should().Be(ApprovalRefusal.State);
        refused.Message.Should().StartWith($"change {change.Id} was already cancelled");
        (await _h.EventTypesAsync(change.Id)).Should().Equal(after);
        after.Count(e => e == "cancelled").Should().Be(1);
    }

    [Fact]
    public async Task ACancelOfOneChange_ReplayedOnAnother_IsRefused_AndNeitherMoves()
    {
        var first = await _h.ProposeScaleAsync(4);
        var second = await _h.ProposeScaleAsync(5, name: "api");
        var envelope = SignCancel(first, "alice", _h.Key("alice"), "stop");
        await Canceller().CancelSignedAsync(first.Id, envelope);

        var replay = () => Canceller().CancelSignedAsync(second.Id, envelope);

        (await replay.Should().ThrowAsync<ApprovalRefusedException>()).Which.Rule.Should().Be(ApprovalRefusal.ProofDigest);
        (await _h.Engine.GetChangeAsync(second.Id))!.State.Should().Be(ChangeState.PendingApproval);
        (await _h.EventTypesAsync(second.Id)).Should().NotContain("cancelled");
    }

    [Fact]
    public async Task ASignedCancel_OfAChangeWhoseStoredProofWasAltered_IsRefused()
    {
        var change = await _h.ProposeScaleAsync(4);
        var envelope = SignCancel(change, "alice", _h.Key("alice"), "stop");
        await _h.TamperDocumentAsync(change.Id, c => c with { Reason = "something else" });
        var before = await _h.EventTypesAsync(change.Id);

        var cancel = () => Canceller().CancelSignedAsync(change.Id, envelope);

        var refused = (await cancel.Should().ThrowAsync<ApprovalRefusedException>()).Which;
        refused.Rule.Should().Be(ApprovalRefusal.Proof);
        refused.Message.Should().StartWith($"change {change.Id} cannot be cancelled: ").And.EndWith("; it will not execute either");
        await ExpectUnchangedAsync(change, before, "altered proof");
    }

    [Fact]
    public async Task ACancelAfterAnExecutorClaimedTheChange_IsRefused_AndTheClaimHolds()
    {
        var change = await _h.ProposeScaleAsync(4);
        await _h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        var owner = ExecutorInstance.ForCurrentProcess();
        var stored = (await _h.Ledger.GetChangeAsync(change.Id))!;
        await _h.Ledger.TransitionAsync(change.Id, ChangeState.Approved, ChangeState.Approved, stored.DocumentJson, "claimed", new JsonObject(),
            new ClaimCheck { Owner = owner, Mode = ClaimMode.Take, Lease = TimeSpan.FromHours(1) });
        var before = await _h.EventTypesAsync(change.Id);

        var cancel = () => Canceller().CancelSignedAsync(change.Id, SignCancel(change, "alice", _h.Key("alice"), "stop"));

        var refused = (await cancel.Should().ThrowAsync<ApprovalRefusedException>()).Which;
        refused.Rule.Should().Be(ApprovalRefusal.State);
        refused.Message.Should().Be($"change {change.Id} was claimed for execution; it is too late to cancel it");
        refused.InnerException.Should().BeOfType<ExecutorClaimException>();
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Approved);
        (await _h.EventTypesAsync(change.Id)).Should().Equal(before);
        (await _h.Ledger.GetClaimAsync(change.Id))!.Owner.Should().Be(owner);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task ACancel_WhoseChangeMovesUnderIt_ReadsItAgain_AndLandsOnTheLastState(int moves)
    {
        var change = await _h.ProposeScaleAsync(4);
        await _h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        using var second = ChangeLedger.Open(_h.Ledger.DatabasePath, _h.Clock);
        var clock = new MovingClock(_clock, second, change.Id, moves);
        var envelope = SignCancel(change, "alice", _h.Key("alice"), "stop");

        var cancelled = await Canceller(clock).CancelSignedAsync(change.Id, envelope);

        clock.Reads.Should().Be(moves + 1, "each attempt reads the clock once, and only the last one found the state it read");
        cancelled.State.Should().Be(ChangeState.Cancelled);
        var expectedFrom = moves % 2 == 0 ? ChangeState.Approved : ChangeState.Waiting;
        var entries = await _h.Ledger.ReadEntriesAsync(0, change.Id);
        JsonNode.Parse(entries.Single(e => e.EventType == "cancelled").PayloadJson)!["from"]!.GetValue<string>().Should().Be(expectedFrom.ToWire());
        entries.Count(e => e.EventType is "waiting" or "approved").Should().Be(moves + 1, "the first approval and each move");
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Cancelled);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public async Task ACancel_WhoseChangeKeepsMoving_GivesUpAfterFiveReadings_AndRecordsNothing(int moves)
    {
        var change = await _h.ProposeScaleAsync(4);
        await _h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        using var second = ChangeLedger.Open(_h.Ledger.DatabasePath, _h.Clock);
        var clock = new MovingClock(_clock, second, change.Id, moves);

        var cancel = () => Canceller(clock).CancelSignedAsync(change.Id, SignCancel(change, "alice", _h.Key("alice"), "stop"));

        var refused = (await cancel.Should().ThrowAsync<ApprovalRefusedException>()).Which;
        refused.Rule.Should().Be(ApprovalRefusal.State);
        refused.Message.Should().Be($"change {change.Id} kept changing state while it was being cancelled; run the command again");
        clock.Reads.Should().Be(5);
        (await _h.EventTypesAsync(change.Id)).Should().NotContain("cancelled");
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Waiting, "five moves from approved end on waiting");
    }

    [Fact]
    public async Task TheLocalCancel_AlsoReadsAgainWhenTheStateMoves()
    {
        var change = await _h.ProposeScaleAsync(4);
        await _h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        using var second = ChangeLedger.Open(_h.Ledger.DatabasePath, _h.Clock);
        var clock = new MovingClock(_clock, second, change.Id, 3);

        var cancelled = await Canceller(clock).CancelAsync(change.Id, _h.Key("bob"), "stop");

        clock.Reads.Should().Be(4);
        cancelled.State.Should().Be(ChangeState.Cancelled);
        var envelope = JsonNode.Parse((await _h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "cancelled").PayloadJson)!["envelope"]!.GetValue<string>();
        var stored = (await _h.Engine.GetChangeAsync(change.Id))!;
        ApprovalVerifier.Verify(envelope, change.Id, Sha256Digest.Parse(stored.ProofDigest!), TrustedApprovers.FromPolicy(_h.Policy), [ApprovalDecision.Cancel])
            .Succeeded.Should().BeTrue("the envelope of the attempt that landed is the one stored");
    }

    [Theory]
    [InlineData("stop\u202Ethis", "U+202E, an invisible or direction-changing character")]
    [InlineData("line\nbreak", "U+000A, a control character")]
    public async Task TheLocalCancel_NamesTheReasonItRefuses(string reason, string what)
    {
        var change = await _h.ProposeScaleAsync(4);
        var before = await _h.EventTypesAsync(change.Id);

        var cancel = () => Canceller().CancelAsync(change.Id, _h.Key("alice"), reason);

        var refused = (await cancel.Should().ThrowAsync<ApprovalRefusedException>()).Which;
        refused.Rule.Should().Be(ApprovalRefusal.Text);
        refused.Message.Should().StartWith($"the reason contains {what}");
        await ExpectUnchangedAsync(change, before, reason);
    }

    [Fact]
    public async Task MissingArguments_ThrowNamingThem()
    {
        await FluentActions.Awaiting(() => Canceller().CancelSignedAsync("chg-aaaaaaaaaaaa", null!)).Should().ThrowAsync<ArgumentNullException>().WithParameterName("envelopeJson");
    }

    [Fact]
    public async Task ASignedCancel_OfAnUnknownChange_IsRefused()
    {
        var change = await _h.ProposeScaleAsync(4);

        var cancel = () => Canceller().CancelSignedAsync("chg-aaaaaaaaaaaa", SignCancel(change, "alice", _h.Key("alice"), "stop"));

        (await cancel.Should().ThrowAsync<ApprovalRefusedException>()).Which.Rule.Should().Be(ApprovalRefusal.UnknownChange);
        (await _h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
    }

    private async Task ExpectUnchangedAsync(ChangeDocument change, IReadOnlyList<string> before, string because)
    {
        var stored = (await _h.Engine.GetChangeAsync(change.Id))!;
        stored.State.Should().Be(ChangeState.PendingApproval, because);
        stored.Cancellation.Should().BeNull(because);
        stored.Outcome.Should().Be(change.Outcome, because);
        (await _h.EventTypesAsync(change.Id)).Should().Equal(before, because);
        (await _h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue(because);
    }

    private string SignCancel(ChangeDocument change, string approver, Ed25519PrivateKey key, string? reason, string? digest = null, DateTimeOffset? signedAt = null, string decision = ApprovalDecision.Cancel) =>
        ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = digest ?? change.ProofDigest!,
            Decision = decision,
            Approver = approver,
            Comment = reason,
            SignedAt = signedAt ?? _clock.GetUtcNow(),
        }, key).ToJson();

    private string SignComment(ChangeDocument change, string approver, string text) =>
        CommentSigner.Sign(new CommentRequest
        {
            ChangeId = change.Id,
            ProofDigest = change.ProofDigest!,
            Approver = approver,
            Text = text,
            CreatedAt = _clock.GetUtcNow(),
        }, _h.Key(approver)).ToJson();

    private static string Unsigned(string envelope)
    {
        var node = JsonNode.Parse(envelope)!;
        node["signatures"] = new JsonArray();
        return node.ToJsonString();
    }

    /// <summary>
    /// The gate's clock, read once per attempt between reading the change and moving it: for the
    /// first <c>moves</c> readings, a second ledger connection (another process on the same file)
    /// moves the change between approved and waiting right then, so the attempt's compare-and-set
    /// finds another state.
    /// </summary>
    private sealed class MovingClock(TimeProvider inner, ChangeLedger other, string changeId, int moves) : TimeProvider
    {
        public int Reads { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            Reads++;
            if (Reads <= moves)
            {
                MoveAsync().GetAwaiter().GetResult();
            }

            return inner.GetUtcNow();
        }

        private async Task MoveAsync()
        {
            var stored = (await other.GetChangeAsync(changeId).ConfigureAwait(false))!;
            var to = stored.State == ChangeState.Approved ? ChangeState.Waiting : ChangeState.Approved;
            var moved = ChangeJson.Deserialize(stored.DocumentJson) with { State = to };
            await other.TransitionAsync(changeId, stored.State, to, ChangeJson.Serialize(moved), to.ToWire(),
                new JsonObject { ["from"] = stored.State.ToWire(), ["to"] = to.ToWire() }).ConfigureAwait(false);
        }
    }
}
