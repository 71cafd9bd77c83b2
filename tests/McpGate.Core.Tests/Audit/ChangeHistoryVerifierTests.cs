using McpGate.Core.Approvals;
using McpGate.Core.Audit;
using McpGate.Core.Changes;
using McpGate.Testing.Engine;
using McpGate.Testing.Files;

namespace McpGate.Core.Tests.Audit;

/// <summary>
/// The changes table is a projection of the ledger: real histories (verified, rejected, cancelled,
/// denied, waiting) replay cleanly, and every rewrite an attacker with the file can make, with
/// the hash chain recomputed so that it still holds, is found and located.
/// </summary>
public sealed class ChangeHistoryVerifierTests : IAsyncLifetime
{
    private GateHarness _h = null!;
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        _h = await GateHarness.StartAsync();
        var verified = await _h.ProposeScaleAsync(4);
        await _h.SubmitAsync(verified.Id, "alice");
        (await _h.ProcessUntilFinalAsync(verified.Id)).State.Should().Be(ChangeState.Verified);
        _ids["V"] = verified.Id;

        var rejected = await _h.ProposeScaleAsync(5);
        await _h.SubmitAsync(rejected.Id, "bob", ApprovalDecision.Reject);
        (await _h.ProcessUntilFinalAsync(rejected.Id)).State.Should().Be(ChangeState.Rejected);
        _ids["R"] = rejected.Id;

        var cancelled = await _h.ProposeScaleAsync(6);
        await new ChangeCanceller(_h.Ledger, _h.Policy, _h.Engine.GatePublicKey, _h.Clock).CancelAsync(cancelled.Id, _h.Key("bob"), "not now");
        _ids["C"] = cancelled.Id;

        (await _h.ProposeScaleAsync(50)).State.Should().Be(ChangeState.Denied);

        var waiting = await _h.ProposeScaleAsync(5, name: "api");
        var now = _h.Clock.GetUtcNow();
        await using var frozen = _h.CreateEngine(_h.PolicyWith(GateHarness.DefaultPolicy + "\nfreezeWindows:\n"
            + $"  - {{ name: launch, from: '{now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}', to: '{now.AddMinutes(30):yyyy-MM-ddTHH:mm:ssZ}' }}\n"));
        await _h.SubmitAsync(waiting.Id, "alice");
        await frozen.ProcessAsync();
        await frozen.WhenIdleAsync();
        (await frozen.GetChangeAsync(waiting.Id))!.State.Should().Be(ChangeState.Waiting);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<HistoryVerification> VerifyAsync() =>
        new ChangeHistoryVerifier(_h.Engine.GatePublicKey, TrustedApprovers.FromPolicy(_h.Policy)).VerifyAsync(_h.Ledger);

    [Fact]
    public async Task VerifyAsync_RealHistories_AllAgree()
    {
        var result = await VerifyAsync();

        result.Failure.Should().BeNull();
        result.Succeeded.Should().BeTrue();
        result.ChangesChecked.Should().Be(5);
        (await _h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    private const string Approved = "(SELECT seq FROM ledger WHERE change_id = '{V}' AND event_type = 'approved')";

    public static TheoryData<string, string, string> Rewrites => new()
    {
        { "row state and outcome say rejected by bob", "UPDATE changes SET state = 'rejected', document = json_set(document, '$.state', 'rejected', '$.outcome', 'rejected by bob') WHERE change_id = '{V}';", "but its ledger entries end in verified" },
        { "row outcome alone", "UPDATE changes SET document = json_set(document, '$.outcome', 'rejected by bob: no') WHERE change_id = '{V}';", "the changes row's outcome says rejected" },
        { "row approvals", "UPDATE changes SET document = json_set(document, '$.approvals[0].identity', 'bob') WHERE change_id = '{V}';", "the changes row lists approvals by bob, but the approved entry" },
        { "row of a rejected change says verified", "UPDATE changes SET state = 'verified', document = json_set(document, '$.state', 'verified') WHERE change_id = '{R}';", "but its ledger entries end in rejected" },
        { "row cancellation removed", "UPDATE changes SET state = 'pending_approval', document = json_remove(json_set(document, '$.state', 'pending_approval'), '$.cancellation') WHERE change_id = '{C}';", "but its ledger entries end in cancelled" },
        { "every entry deleted", "DELETE FROM ledger;", "has a row in the changes table but no ledger entry" },
        { "last entries of a change deleted", "DELETE FROM ledger WHERE change_id = '{V}' AND event_type IN ('verifying', 'verified');", "but its ledger entries end in executed" },
        { "approved entry deleted", "DELETE FROM ledger WHERE seq = " + Approved + ";", "moves the change from approved, but it was pending_approval" },
        { "approved entry moved after the execution", "UPDATE ledger SET seq = 1000000 WHERE seq = " + Approved + ";", "moves the change from approved, but it was pending_approval" },
        { "approval skipped: pending straight to executing", "UPDATE ledger SET event_type = 'executing', payload = '{\"from\":\"pending_approval\",\"to\":\"executing\"}' WHERE seq = " + Approved + ";", "pending_approval -> executing is not a move of the state machine" },
        { "approved entry names another approver", "UPDATE ledger SET payload = json_set(payload, '$.approvers[0]', 'bob') WHERE seq = " + Approved + ";", "approved by bob, but no approval_submitted entry before it holds a signed approval by bob" },
        { "approved entry names the requester", "UPDATE ledger SET payload = json_set(payload, '$.approvers[0]', 'agent') WHERE seq = " + Approved + ";", "who requested the change" },
        { "the signed approval deleted", "DELETE FROM ledger WHERE change_id = '{V}' AND event_type = 'approval_submitted';", "approved by alice, but no approval_submitted entry" },
        { "the recorded key swapped", "UPDATE ledger SET payload = json_set(payload, '$.approverKeys[0].publicKey', '{BOBKEY}') WHERE seq = " + Approved + ";", "verifies with alice's key" },
        { "an event outside the state machine", "UPDATE ledger SET event_type = 'tampered' WHERE change_id = '{V}' AND event_type = 'executed';", "is never written as event 'tampered'" },
        { "the cancel's signature removed", "UPDATE ledger SET payload = json_remove(payload, '$.envelope') WHERE change_id = '{C}' AND event_type = 'cancelled';", "cancelled without the approver's identity and signed cancel" },
        { "the proven entry names another proof", "UPDATE ledger SET payload = json_set(payload, '$.proofDigest', 'sha256:' || lower(hex(zeroblob(32)))) WHERE change_id = '{V}' AND event_type = 'proven';", "is not the one the proven entry" },
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task VerifyAsync_RewrittenWithTheChainRecomputed_NamesWhatDisagrees(string attack, string sql, string expected)
    {
        var ids = _ids.ToDictionary();
        ids["BOBKEY"] = _h.Key("bob").PublicKey.ToString();
        var statement = ids.Aggregate(sql, (text, id) => text.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));
        LedgerRewrite.Execute(_h.Ledger.DatabasePath, statement);

        (await _h.Ledger.VerifyAsync()).Succeeded.Should().BeTrue($"the attacker recomputed the chain ({attack})");
        var result = await VerifyAsync();

        result.Succeeded.Should().BeFalse(attack);
        result.Failure.Should().Contain(expected, attack);
    }
}
