using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Testing.Engine;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Tests.Replay;

/// <summary>
/// Entries and rows written by someone who can write the ledger file, not by the gate: the timeline
/// shows what each claims and says why it does not verify; building it changes nothing.
/// </summary>
public sealed class ChangeTimelineForgeryTests
{
    public static TheoryData<string, string> ForgedApprovals => new()
    {
        { "identity", "the entry names \"bob\", but the envelope is signed by alice" },
        { "decision", "the entry says \"reject\", but the signed decision is approve" },
        { "other-change", "approves change chg-aaaaaaaaaaaa, not" },
        { "outsider", "not signed by any approver in the policy" },
        { "missing", "the entry holds no signed envelope" },
        { "garbage", "not a DSSE envelope" },
        { "cancel-as-vote", "predicate.decision is 'cancel'" },
    };

    [Theory]
    [MemberData(nameof(ForgedApprovals))]
    public async Task Build_ForgedApprovalEntry_IsShownNotVerifiedWithWhy(string forgery, string failure)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var digest = change.ProofDigest!;
        using var outsider = Ed25519PrivateKey.Generate();
        string? Envelope(string changeId, string decision, Ed25519PrivateKey key) => ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = changeId, ProofDigest = digest, Decision = decision, Approver = key == outsider ? "mallory" : "alice", SignedAt = h.Clock.GetUtcNow(),
        }, key).ToJson();
        var (identity, decision, envelope) = forgery switch
        {
            "identity" => ("bob", "approve", Envelope(change.Id, "approve", h.Key("alice"))),
            "decision" => ("alice", "reject", Envelope(change.Id, "approve", h.Key("alice"))),
            "other-change" => ("alice", "approve", Envelope("chg-aaaaaaaaaaaa", "approve", h.Key("alice"))),
            "outsider" => ("alice", "approve", Envelope(change.Id, "approve", outsider)),
            "missing" => ("alice", "approve", null),
            "garbage" => ("alice", "approve", "{\"payload\": 1}"),
            _ => ("alice", "cancel", Envelope(change.Id, "cancel", h.Key("alice"))),
        };
        var payload = new JsonObject { ["identity"] = identity, ["decision"] = decision, ["keyId"] = h.Key("alice").PublicKey.KeyId };
        if (envelope is not null)
        {
            payload["envelope"] = envelope;
        }

        await h.Ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval, "approval_submitted", payload);
        var count = (await h.Ledger.ReadEntriesAsync(0)).Count;

        var t = (await ChangeTimelineBuilderTests.Builder(h).BuildAsync(h.Ledger, change.Id))!;

        var shown = t.Approvals.Should().ContainSingle().Subject;
        shown.SignatureVerified.Should().BeFalse();
        shown.Failure.Should().Contain(failure);
        shown.Identity.Should().Be(identity, "the entry's claim is shown as the entry's");
        shown.Comment.Should().BeNull("an unverified envelope's words are not shown as the approver's");
        (await h.Ledger.ReadEntriesAsync(0)).Count.Should().Be(count, "building a timeline writes nothing");
        (await h.Ledger.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
    }

    [Theory]
    [InlineData("verified")]
    [InlineData("approved")]
    [InlineData("cancelled")]
    public async Task Build_RowStateEditedByHand_SaysTheRowDisagreesWithTheLedger(string edited)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "bob", ApprovalDecision.Reject);
        await h.ProcessUntilFinalAsync(change.Id);
        await EditAsync(h, $"UPDATE changes SET state = '{edited}' WHERE change_id = '{change.Id}';");

        var t = (await ChangeTimelineBuilderTests.Builder(h).BuildAsync(h.Ledger, change.Id))!;

        t.State.Should().Be(ChangeState.Rejected, "the state comes from the entries");
        t.RowState.Should().Be(ChangesStateOf(edited));
        t.RowDisagrees.Should().StartWith($"the changes row says {edited}, but the ledger's last transition (entry ").And.EndWith("leads to rejected");
    }

    [Theory]
    [InlineData("Verified")]
    [InlineData("verified ")]
    [InlineData("on_hold")]
    public async Task Build_ForgedTransitionToNoState_LeavesTheStateUnknownAndSaysSo(string to)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var entry = await h.Ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval, "verified", new JsonObject { ["from"] = "pending_approval", ["to"] = to });

        var t = (await ChangeTimelineBuilderTests.Builder(h).BuildAsync(h.Ledger, change.Id))!;

        t.State.Should().BeNull("a respelled state is no state");
        t.RowState.Should().Be(ChangeState.PendingApproval);
        t.RowDisagrees.Should().Be($"the changes row says pending_approval, but the ledger's last transition (entry {entry.Sequence}) leads to \"{to}\", which is not a change state");
        t.Steps[^1].To.Should().Be(to, "the entry is shown as written");
    }

    [Fact]
    public async Task Build_ProofInTheRowSwappedForAnotherValidOne_IsNotVerified()
    {
        await using var h = await GateHarness.StartAsync();
        var first = await h.ProposeScaleAsync(4);
        var second = await h.ProposeScaleAsync(5);
        await EditAsync(h, $"UPDATE changes SET document = (SELECT document FROM changes WHERE change_id = '{second.Id}') WHERE change_id = '{first.Id}';");

        var t = (await ChangeTimelineBuilderTests.Builder(h).BuildAsync(h.Ledger, first.Id))!;

        t.Proof.Verified.Should().BeFalse();
        t.Proof.Failure.Should().NotBeNullOrEmpty();
        t.Proof.Digest.Should().Be(first.ProofDigest, "the digest shown is the one the ledger's proven entry binds");
        t.Arguments!["replicas"]!.GetValue<int>().Should().Be(4, "the arguments come from the proposed entry");
    }

    private static ChangeState ChangesStateOf(string wire) => ChangeStates.FromWire(wire)!.Value;

    private static async Task EditAsync(GateHarness h, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = h.Ledger.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }
}
