using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>How the engine settles a pending change from the ledger: counts, rejections, expiry and freezes.</summary>
public sealed class ChangeEngineApprovalsTests
{
    [Fact]
    public async Task Settle_RecordsApprovalsShortOfTheQuorum_Once()
    {
        await using var h = await GateHarness.StartAsync(GateHarness.DefaultPolicy.Replace("count: 1", "count: 2", StringComparison.Ordinal));
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");

        await h.Engine.ProcessAsync();
        await h.Engine.ProcessAsync();

        var pending = await h.Engine.GetChangeAsync(change.Id);
        pending!.State.Should().Be(ChangeState.PendingApproval);
        pending.Approvals.Select(a => a.Identity).Should().Equal("alice");
        var counted = (await h.Ledger.ReadEntriesAsync(0, change.Id)).Where(e => e.EventType == LedgerEvents.ApprovalsCounted).ToList();
        counted.Should().ContainSingle("a second pass with nothing new records nothing");
        var payload = JsonNode.Parse(counted[0].PayloadJson)!;
        payload["counted"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("alice");
        payload["required"]!.GetValue<int>().Should().Be(2);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Settle_WithoutSubmissions_LeavesTheChangeAlone()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);

        await h.Engine.ProcessAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval);
        (await h.EventTypesAsync(change.Id)).Should().Equal("proposed", "proven", "pending_approval");
    }

    [Fact]
    public async Task Settle_ARejection_StopsTheChange_NamingWhoAndWhy()
    {
        await using var h = await GateHarness.StartAsync(GateHarness.DefaultPolicy.Replace("count: 1", "count: 2", StringComparison.Ordinal));
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.SubmitAsync(change.Id, "bob", ApprovalDecision.Reject);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Rejected);
        final.Outcome.Should().Be("rejected by bob: reject by bob");
        final.Approvals.Select(a => (a.Identity, a.Decision)).Should().Equal(("alice", ApprovalDecision.Approve), ("bob", ApprovalDecision.Reject));
        var rejected = (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "rejected");
        JsonNode.Parse(rejected.PayloadJson)!["by"]!.GetValue<string>().Should().Be("bob");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
        h.Misfires().Should().BeEmpty("a rejected change is not counted again in the same pass");
    }

    [Fact]
    public async Task Settle_ARejectionWithoutAComment_NamesOnlyWho()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var rejection = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = change.ProofDigest!,
            Decision = ApprovalDecision.Reject,
            Approver = "bob",
            SignedAt = h.Clock.GetUtcNow(),
        }, h.Key("bob"));
        await h.Ledger.AppendEventAsync(change.Id, ChangeState.PendingApproval, LedgerEvents.ApprovalSubmitted, new JsonObject
        {
            ["identity"] = "bob",
            ["decision"] = ApprovalDecision.Reject,
            ["keyId"] = h.Key("bob").PublicKey.KeyId,
            ["envelope"] = rejection.ToJson(),
        });

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Rejected);
        final.Outcome.Should().Be("rejected by bob");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Settle_Quorum_ApprovesAndExecutes_RecordingTheApprovers()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "bob");

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        final.Approvals.Select(a => a.Identity).Should().Equal("bob");
        var approved = (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "approved");
        JsonNode.Parse(approved.PayloadJson)!["approvers"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("bob");
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    [Fact]
    public async Task Settle_ExpiredProof_ExpiresTheChange_EvenWithAnApprovalWaiting()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        h.Clock.Advance(TimeSpan.FromHours(2));

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        var expired = await h.Engine.GetChangeAsync(change.Id);
        expired!.State.Should().Be(ChangeState.Expired);
        expired.Outcome.Should().StartWith("no approval before the proof expired at ").And.EndWith("; propose the change again");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
        (await h.EventTypesAsync(change.Id)).Should().NotContain("approved");
        h.Misfires().Should().BeEmpty("the waiting approval of an expired change is not counted");
    }

    [Fact]
    public async Task Approved_DuringAFreeze_NeitherRunsNorFails_AndFailsOnceItsProofExpires()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var now = h.Clock.GetUtcNow();
        var frozen = h.PolicyWith(GateHarness.DefaultPolicy + "\nfreezeWindows:\n"
            + $"  - {{ name: launch, from: '{now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}', to: '{now.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}' }}\n");
        await using var engine = h.CreateEngine(frozen);
        await h.SubmitAsync(change.Id, "alice");

        await engine.ProcessAsync();
        await engine.WhenIdleAsync();
        await engine.ProcessAsync();
        await engine.WhenIdleAsync();

        var waiting = await engine.GetChangeAsync(change.Id);
        waiting!.State.Should().Be(ChangeState.Waiting, "an approved change waits, visibly, while a freeze window covers it");
        waiting.Waiting!.Rule.Should().Be("freeze:launch");
        waiting.Waiting.Until.Should().Be(DateTimeOffset.Parse($"{now.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}", System.Globalization.CultureInfo.InvariantCulture));
        waiting.Waiting.ExpiresAt.Should().Be(change.ExpiresAt);
        waiting.Waiting.Reason.Should().StartWith("waiting for freeze:launch to end at ").And.Contain("but the proof expires first");
        (await h.EventTypesAsync(change.Id)).Should().ContainInOrder("approved", "waiting").And.NotContain("executing");
        (await h.EventTypesAsync(change.Id)).Count(e => e == "waiting").Should().Be(1, "the wait is recorded once, not on every pass");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);

        h.Clock.Advance(TimeSpan.FromHours(2));
        await engine.ProcessAsync();
        await engine.WhenIdleAsync();

        var failed = await engine.GetChangeAsync(change.Id);
        failed!.State.Should().Be(ChangeState.Failed);
        failed.Outcome.Should().StartWith("not executed: the proof expired at ").And.EndWith(" before the change could run; propose it again");
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executing");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Settle_ApprovalsTheCurrentPolicyRefuses_AreReportedOncePerApprover_AndNotCounted()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.SubmitAsync(change.Id, "bob");
        await using var opsOnly = h.CreateEngine(h.PolicyWith(GateHarness.DefaultPolicy.Replace("groups: [sre]", "groups: [ops]", StringComparison.Ordinal)));

        await opsOnly.ProcessAsync();
        var reported = h.Messages(EngineLogs.ApprovalNotCounted);
        await opsOnly.ProcessAsync();

        reported.Should().HaveCount(2).And.Contain(m => m.Contains("alice", StringComparison.Ordinal)).And.Contain(m => m.Contains("bob", StringComparison.Ordinal));
        h.Messages(EngineLogs.ApprovalNotCounted).Should().Equal(reported, "each refusal is reported once, not on every pass");
        var pending = (await h.Engine.GetChangeAsync(change.Id))!;
        pending.State.Should().Be(ChangeState.PendingApproval);
        pending.Approvals.Should().BeEmpty();
        (await h.EventTypesAsync(change.Id)).Should().NotContain([LedgerEvents.ApprovalsCounted, "approved"]);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Approved_DuringAFreeze_ReportsTheWaitOncePerChange()
    {
        await using var h = await GateHarness.StartAsync();
        var first = await h.ProposeScaleAsync(4);
        var second = await h.ProposeScaleAsync(5);
        var now = h.Clock.GetUtcNow();
        var frozen = h.PolicyWith(GateHarness.DefaultPolicy + "\nfreezeWindows:\n"
            + $"  - {{ name: launch, from: '{now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}', to: '{now.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}' }}\n");
        await using var engine = h.CreateEngine(frozen);
        await h.SubmitAsync(first.Id, "alice");
        await h.SubmitAsync(second.Id, "bob");

        await engine.ProcessAsync();
        await engine.WhenIdleAsync();
        var reported = h.Messages(EngineLogs.WaitingForFreeze);
        await engine.ProcessAsync();
        await engine.WhenIdleAsync();

        reported.Should().HaveCount(2).And.Contain(m => m.Contains(first.Id, StringComparison.Ordinal)).And.Contain(m => m.Contains(second.Id, StringComparison.Ordinal));
        h.Messages(EngineLogs.WaitingForFreeze).Should().Equal(reported, "the wait is reported once per change, not on every pass");
        (await engine.GetChangeAsync(first.Id))!.State.Should().Be(ChangeState.Waiting);
        (await engine.GetChangeAsync(second.Id))!.State.Should().Be(ChangeState.Waiting);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Approved_WhoseRecordIsEditedWhileItWaits_FailsInsteadOfWaiting()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var now = h.Clock.GetUtcNow();
        var frozen = h.PolicyWith(GateHarness.DefaultPolicy + "\nfreezeWindows:\n"
            + $"  - {{ name: launch, from: '{now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}', to: '{now.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}' }}\n");
        await using var engine = h.CreateEngine(frozen);
        await h.SubmitAsync(change.Id, "alice");
        await engine.ProcessAsync();
        await engine.WhenIdleAsync();
        (await engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Waiting);

        await h.TamperDocumentAsync(change.Id, c => c with { Patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 19 } } });
        await engine.ProcessAsync();
        var final = await engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);

        final!.State.Should().Be(ChangeState.Failed, "a record that no longer matches its proof is failed at once, freeze or not");
        final.Outcome.Should().Contain("does not match its signed proof (patch)");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Approved_OutsideAFreeze_ButDeniedByPolicy_IsHandedToExecution_WhichRefusesIt()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await using var engine = h.CreateEngine(h.PolicyWith(GateHarness.DefaultPolicy.Replace("namespaces: [demo]", "namespaces: [staging]", StringComparison.Ordinal)));

        await engine.ProcessAsync();
        var final = await engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);

        final!.State.Should().Be(ChangeState.Failed, "only a freeze window makes an approved change wait; any other denial fails it");
        final.Outcome.Should().StartWith("not executed: policy now denies it (default-deny");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Waiting_WhenTheWindowEnds_RunsOnce_AndTheLedgerShowsTheWait()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var now = h.Clock.GetUtcNow();
        var end = now.AddMinutes(10);
        var frozen = h.PolicyWith(GateHarness.DefaultPolicy + "\nfreezeWindows:\n"
            + $"  - {{ name: deploy-stop, from: '{now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}', to: '{end:yyyy-MM-ddTHH:mm:ssZ}' }}\n");
        await using var engine = h.CreateEngine(frozen);
        await h.SubmitAsync(change.Id, "alice");
        await engine.ProcessAsync();
        await engine.WhenIdleAsync();

        var waiting = (await engine.GetChangeAsync(change.Id))!;
        waiting.State.Should().Be(ChangeState.Waiting);
        waiting.Waiting!.Reason.Should().Be($"waiting for freeze:deploy-stop to end at {waiting.Waiting.Until:O}; it may run then (the proof expires at {change.ExpiresAt:O})");
        var entry = (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "waiting");
        var payload = System.Text.Json.Nodes.JsonNode.Parse(entry.PayloadJson)!;
        payload["from"]!.GetValue<string>().Should().Be("approved");
        payload["rule"]!.GetValue<string>().Should().Be("freeze:deploy-stop");
        DateTimeOffset.Parse(payload["until"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(waiting.Waiting.Until!.Value);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);

        h.Clock.Advance(TimeSpan.FromMinutes(11));
        await engine.ProcessAsync();
        var final = await engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);

        final!.State.Should().Be(ChangeState.Verified);
        final.Waiting.Should().BeNull("the wait ended when execution started");
        (await h.EventTypesAsync(change.Id)).Should().ContainInOrder("approved", "waiting", "executing", "executed", "verifying", "verified");
        (await h.EventTypesAsync(change.Id)).Count(e => e == "executing").Should().Be(1);
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    [Fact]
    public async Task Waiting_HeldByAnotherWindowNext_IsRecordedAgainWithItsName()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var now = h.Clock.GetUtcNow();
        var first = h.PolicyWith(GateHarness.DefaultPolicy + "\nfreezeWindows:\n"
            + $"  - {{ name: one, from: '{now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}', to: '{now.AddMinutes(30):yyyy-MM-ddTHH:mm:ssZ}' }}\n");
        var second = h.PolicyWith(GateHarness.DefaultPolicy + "\nfreezeWindows:\n"
            + $"  - {{ name: two, from: '{now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}', to: '{now.AddMinutes(20):yyyy-MM-ddTHH:mm:ssZ}' }}\n");
        await h.SubmitAsync(change.Id, "alice");
        await using (var engine = h.CreateEngine(first))
        {
            await engine.ProcessAsync();
            await engine.WhenIdleAsync();
        }

        await using (var engine = h.CreateEngine(second))
        {
            await engine.ProcessAsync();
            await engine.WhenIdleAsync();
            var waiting = (await engine.GetChangeAsync(change.Id))!;
            waiting.State.Should().Be(ChangeState.Waiting);
            waiting.Waiting!.Rule.Should().Be("freeze:two", "the policy now holds it under another window");
        }

        (await h.EventTypesAsync(change.Id)).Count(e => e == "waiting").Should().Be(2);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }
}
