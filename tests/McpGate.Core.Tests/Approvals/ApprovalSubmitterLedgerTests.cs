using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Core.Proofs;
using McpGate.Testing.Engine;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Approvals;

/// <summary>
/// What the submitter writes to a real ledger file, and the ledger's own one-decision-per-approver
/// rule, which holds even when the submitter's advisory check lets a second decision through.
/// </summary>
public sealed class ApprovalSubmitterLedgerTests
{
    private const string TwoApprovals = GateHarness.TwoApprovalsFromSre;

    [Fact]
    public async Task SubmitAsync_Recorded_EntryNamesTheApproverTheDecisionAndTheKeyId()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);

        await Submitter(gate).SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), "ok");

        var entry = (await gate.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == LedgerEvents.ApprovalSubmitted);
        var payload = JsonNode.Parse(entry.PayloadJson)!.AsObject();
        payload.Select(p => p.Key).Should().BeEquivalentTo("identity", "decision", "keyId", "envelope");
        payload["identity"]!.GetValue<string>().Should().Be("alice");
        payload["decision"]!.GetValue<string>().Should().Be(ApprovalDecision.Approve);
        payload["keyId"]!.GetValue<string>().Should().Be(gate.Key("alice").PublicKey.KeyId);
        ApprovalVerifier.Verify(payload["envelope"]!.GetValue<string>(), change.Id, ProofCheck.Verify(change, gate.Engine.GatePublicKey).Digest, TrustedApprovers.FromPolicy(gate.Policy))
            .Approver!.Identity.Should().Be("alice");
    }

    [Theory]
    [InlineData(ApprovalDecision.Approve, "already approved change {0}; one approval per approver counts")]
    [InlineData(ApprovalDecision.Reject, "already rejected change {0}")]
    public async Task SubmitAsync_SameDecisionRecordedUnderTheApproversOldKey_IsRefusedByTheLedgerAndRecordsNothing(string decision, string expected)
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        // alice decided with a key the policy has since replaced: the decision no longer verifies,
        // so the submitter's advisory tally does not see it, but the ledger's rule (one decision of
        // each kind per identity) still does.
        using var oldKey = Ed25519PrivateKey.Generate();
        var stale = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = ProofCheck.Verify(change, gate.Engine.GatePublicKey).Digest.ToString(),
            Decision = decision,
            Approver = "alice",
            Comment = null,
            SignedAt = gate.Clock.GetUtcNow(),
        }, oldKey).ToJson();
        await gate.Ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval, LedgerEvents.ApprovalSubmitted, new JsonObject
        {
            ["identity"] = "alice",
            ["decision"] = decision,
            ["keyId"] = oldKey.PublicKey.KeyId,
            ["envelope"] = stale,
        });

        var act = () => Submitter(gate).SubmitAsync(change.Id, decision, gate.Key("alice"), "again");

        var refusal = await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage("alice " + string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, change.Id));
        refusal.Which.InnerException.Should().BeOfType<DuplicateLedgerEventException>();
        (await gate.EventTypesAsync(change.Id)).Count(e => e == LedgerEvents.ApprovalSubmitted).Should().Be(1);
        (await gate.Ledger.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
    }

    [Fact]
    public async Task SubmitAsync_AtTheInstantTheSignedProofExpires_IsRefused_ATickEarlierIsRecorded()
    {
        await using var gate = await GateHarness.StartAsync(TwoApprovals);
        var change = await gate.ProposeScaleAsync(4);
        var expiresAt = ProofCheck.Verify(change, gate.Engine.GatePublicKey).Claims!.ExpiresAt;
        // A still clock: the harness's clock follows real time, so it is past any instant it is set to.
        var atExpiry = new ApprovalSubmitter(gate.Ledger, gate.Policy, gate.Engine.GatePublicKey, new ManualTimeProvider(expiresAt));
        var justBefore = new ApprovalSubmitter(gate.Ledger, gate.Policy, gate.Engine.GatePublicKey, new ManualTimeProvider(expiresAt - TimeSpan.FromTicks(1)));

        var act = () => atExpiry.SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null);

        await act.Should().ThrowAsync<ApprovalRefusedException>()
            .WithMessage($"change {change.Id} expired at {expiresAt:O}; the agent must propose it again");
        (await gate.EventTypesAsync(change.Id)).Should().NotContain(LedgerEvents.ApprovalSubmitted);
        (await justBefore.SubmitAsync(change.Id, ApprovalDecision.Approve, gate.Key("alice"), null)).Tally.Accepted.Select(a => a.Identity).Should().Equal("alice");
    }

    private static ApprovalSubmitter Submitter(GateHarness gate) => new(gate.Ledger, gate.Policy, gate.Engine.GatePublicKey, gate.Clock);
}
