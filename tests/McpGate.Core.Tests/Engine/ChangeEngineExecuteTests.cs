using System.Text.Json.Nodes;
using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Sandbox.Faults;
using McpGate.Testing.Engine;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// Execution re-checks everything from the ledger and the signed proof before it writes, and
/// records exactly what the cluster did with the write. Each test asserts the cluster afterwards.
/// </summary>
public sealed class ChangeEngineExecuteTests
{
    private const string WebPath = "/apis/apps/v1/namespaces/demo/deployments/web";

    [Fact]
    public async Task Execute_Refuses_AnApprovedStateThatNoVerifiedApprovalBacksUp()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be("not executed: only 0 of 1 required approvals verify with the current policy");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2, "a change nobody approved must never be written");
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executed");
    }

    [Fact]
    public async Task Execute_Refuses_WhenTheCurrentPolicyNeedsMoreApprovalsThanWereGiven()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await using var stricter = h.CreateEngine(h.PolicyWith(GateHarness.DefaultPolicy.Replace("count: 1", "count: 2", StringComparison.Ordinal)));

        await stricter.ProcessAsync();
        var final = await stricter.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);

        final!.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be("not executed: only 1 of 2 required approvals verify with the current policy");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Execute_Refuses_WhenThePolicyNoLongerAllowsTheChange()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await using var engine = h.CreateEngine(h.PolicyWith(GateHarness.DefaultPolicy.Replace("namespaces: [demo]", "namespaces: [staging]", StringComparison.Ordinal)));

        await engine.ProcessAsync();
        var final = await engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(30), null);

        final!.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().StartWith("not executed: policy now denies it (default-deny: no rule allows scale_deployment");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Execute_Refuses_WhenARejectionWasRecordedAfterTheApproval()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        var rejection = ApprovalSigner.Sign(new ApprovalRequest
        {
            ChangeId = change.Id,
            ProofDigest = change.ProofDigest!,
            Decision = ApprovalDecision.Reject,
            Approver = "bob",
            SignedAt = h.Clock.GetUtcNow(),
        }, h.Key("bob"));
        await h.Ledger.AppendEventAsync(change.Id, ChangeState.Approved, LedgerEvents.ApprovalSubmitted, new JsonObject
        {
            ["identity"] = "bob",
            ["decision"] = ApprovalDecision.Reject,
            ["keyId"] = h.Key("bob").PublicKey.KeyId,
            ["envelope"] = rejection.ToJson(),
        });

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be("not executed: bob rejected it");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Execute_Fails_WhenTheClusterRefusesTheWriteAsAConflict()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        // Hold the engine's write, change the target meanwhile: the write's resourceVersion precondition fails.
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.Delay, Method = "PATCH", PathPrefix = WebPath, Delay = TimeSpan.FromSeconds(5) });

        await h.Engine.ProcessAsync();
        await Poll.UntilAsync(() => h.Sandbox.Faults.Pending == 0, "the engine's write reached the cluster");
        await h.TouchWebAsync();
        var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(60), null);

        final!.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be($"not executed: the target changed after the proof (resourceVersion is no longer {change.ObservedResourceVersion}); propose the change again");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2, "the conflicting write changed nothing");
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executed");
    }

    [Fact]
    public async Task Execute_Fails_WhenTheTargetIsDeletedBeforeTheWriteLands()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.Delay, Method = "PATCH", PathPrefix = WebPath, Delay = TimeSpan.FromSeconds(5) });

        await h.Engine.ProcessAsync();
        await Poll.UntilAsync(() => h.Sandbox.Faults.Pending == 0, "the engine's write reached the cluster");
        using (var http = new HttpClient { BaseAddress = h.Sandbox.BaseAddress, Timeout = TimeSpan.FromSeconds(30) })
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", h.Sandbox.Token);
            (await http.DeleteAsync(new Uri(WebPath.TrimStart('/'), UriKind.Relative))).EnsureSuccessStatusCode();
        }

        var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(60), null);

        final!.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().StartWith("not executed: the cluster refused the write (NotFound): ");
        (await h.Cluster.GetAsync(GateHarness.Web)).Should().BeNull("the write did not recreate the deleted target");
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executed");
    }

    [Fact]
    public async Task Execute_Refuses_WhenTheTargetWasDeletedAfterTheProof()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        using (var http = new HttpClient { BaseAddress = h.Sandbox.BaseAddress, Timeout = TimeSpan.FromSeconds(30) })
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", h.Sandbox.Token);
            (await http.DeleteAsync(new Uri(WebPath.TrimStart('/'), UriKind.Relative))).EnsureSuccessStatusCode();
        }

        await h.SubmitAsync(change.Id, "alice");
        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be($"not executed: the target drifted since the proof (resourceVersion {change.ObservedResourceVersion} -> deleted); propose the change again");
        (await h.Cluster.GetAsync(GateHarness.Web)).Should().BeNull("nothing recreated the deleted target");
        h.Sandbox.CountRequests("PATCH", WebPath).Should().Be(1, "only the proposal's dry run was sent");
    }

    [Fact]
    public async Task Execute_FailsClosed_WhenTheChecksBeforeTheWriteCannotReachTheCluster()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 500, Method = "GET", PathPrefix = WebPath, Count = 1000 });

        await h.Engine.ProcessAsync();
        var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(90), null);

        final!.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().StartWith("not executed: the checks before execution could not run (");
        h.Sandbox.Faults.Clear();
        (await h.ObserveWebAsync()).Replicas.Should().Be(2, "nothing is written when the drift check cannot run");
        h.Sandbox.CountRequests("PATCH", WebPath).Should().Be(1, "only the proposal's dry run was sent");
    }

    [Fact]
    public async Task Execute_LeavesTheChangeExecuting_WhenTheWriteOutcomeIsUnknown_ThenReconcilesIt()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 503, Method = "PATCH", PathPrefix = WebPath, Count = 50 });

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Executing, "a failed write may have been applied: the engine must look before deciding");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);

        h.Sandbox.Faults.Clear();
        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);
        var final = (await h.Engine.GetChangeAsync(change.Id))!;

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
        (await h.EventTypesAsync(change.Id)).Count(e => e == "executed").Should().Be(1);
    }

    [Fact]
    public async Task Execute_RecordsTheResultingResourceVersion_AndVerifies()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");

        var final = await h.ProcessUntilFinalAsync(change.Id);

        var (replicas, version) = await h.ObserveWebAsync();
        replicas.Should().Be(4);
        final.State.Should().Be(ChangeState.Verified);
        final.Outcome.Should().StartWith("verified: ");
        final.ResultResourceVersion.Should().NotBeNull().And.NotBe(change.ObservedResourceVersion);
        var executed = (await h.Ledger.ReadEntriesAsync(0, change.Id)).Single(e => e.EventType == "executed");
        JsonNode.Parse(executed.PayloadJson)!["resourceVersion"]!.GetValue<string>().Should().Be(final.ResultResourceVersion);
        (await h.EventTypesAsync(change.Id)).Should().ContainInOrder("approved", "executing", "executed", "verifying", "verified");
        version.Should().NotBe(change.ObservedResourceVersion);
    }

    [Fact]
    public async Task Verify_Fails_WhenSomethingElseUndoesTheChangeBeforeItIsVerified()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.VerificationFailed);
        final.Outcome.Should().StartWith("verification failed: the target no longer holds the change: something else changed it after the write [confidence high; ");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2, "resuming verification never writes");
    }

    [Fact]
    public async Task Recover_Executing_FailsWithoutWriting_WhenTheTargetMovedAndDoesNotHoldThePatch()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.TouchWebAsync();

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be("interrupted during execution, and the target matches neither the proof nor the change; propose it again");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Recover_Executing_Refuses_WhenNoApprovalVerifies()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("only 0 of 1 required approvals verify");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }
}
