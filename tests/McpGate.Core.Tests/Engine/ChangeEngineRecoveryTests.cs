using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Sandbox.Faults;
using McpGate.Testing.Engine;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// Recovery of a change left executing, executed or verifying: it looks at the ledger and the
/// cluster, never writes blindly, and records exactly what it decided.
/// </summary>
public sealed class ChangeEngineRecoveryTests
{
    private const string WebPath = "/apis/apps/v1/namespaces/demo/deployments/web";

    [Theory]
    [InlineData("executed")]
    [InlineData("verifying")]
    public async Task Resume_DocumentNoLongerMatchesItsProof_FailsVerificationWithTheReason(string state)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);
        if (state == "verifying")
        {
            await h.ForceStateAsync(change.Id, ChangeState.Executed, ChangeState.Verifying);
        }

        await h.TamperDocumentAsync(change.Id, c => c with { Patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 19 } } });
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ResumeVerificationAsync(change.Id, ChangeStates.FromWire(state)!.Value, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.VerificationFailed, "one resumption settles it, whether it found the change executed or verifying");
        final.Outcome.Should().StartWith("cannot verify: ").And.Contain("does not match its signed proof (patch)");
        (await LedgerPayloadTests.PayloadAsync(h, change.Id, "verification_failed"))["reason"]!.GetValue<string>()
            .Should().Be(final.Outcome!["cannot verify: ".Length..]);
        (await h.EventTypesAsync(change.Id)).Count(e => e == "verifying").Should().Be(1, "a change already verifying is not moved to verifying again");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
    }

    [Theory]
    [InlineData("executed")]
    [InlineData("verifying")]
    public async Task Resume_ProvenAndHeld_Verifies_WithoutWriting(string state)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), change.ObservedResourceVersion, dryRun: false);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);
        if (state == "verifying")
        {
            await h.ForceStateAsync(change.Id, ChangeState.Executed, ChangeState.Verifying);
        }

        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.EventTypesAsync(change.Id)).Count(e => e == "verifying").Should().Be(1);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
    }

    [Fact]
    public async Task Recover_Executing_DocumentNoLongerMatchesItsProof_FailsWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.TamperDocumentAsync(change.Id, c => c with { Patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 19 } } });
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().StartWith("not executed: ").And.Contain("does not match its signed proof (patch)");
        (await LedgerPayloadTests.PayloadAsync(h, change.Id, "failed"))["reason"]!.GetValue<string>().Should().Be(final.Outcome);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
        h.Misfires().Should().BeEmpty("a change failed for its proof is not worked on further");
    }

    [Fact]
    public async Task Recover_Executing_TargetDeleted_FailsWithoutRecreatingIt()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        using (var http = new HttpClient { BaseAddress = h.Sandbox.BaseAddress, Timeout = TimeSpan.FromSeconds(30) })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", h.Sandbox.Token);
            (await http.DeleteAsync(new Uri(WebPath.TrimStart('/'), UriKind.Relative))).EnsureSuccessStatusCode();
        }

        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be("interrupted during execution, and the target no longer exists");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.Cluster.GetAsync(GateHarness.Web)).Should().BeNull();
    }

    [Fact]
    public async Task Recover_Executing_TargetUnchangedButPolicyNowDenies_FailsWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await using var engine = h.CreateEngine(h.PolicyWith(GateHarness.DefaultPolicy.Replace("namespaces: [demo]", "namespaces: [staging]", StringComparison.Ordinal)));
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().StartWith("not executed: policy now denies it (default-deny");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
        h.Misfires().Should().BeEmpty("a change failed by the checks before the write is not written afterwards");
    }

    [Fact]
    public async Task Recover_Executing_TargetUnchangedButProofExpired_FailsWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        h.Clock.Advance(TimeSpan.FromHours(2));
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be($"not executed: the proof expired at {change.ExpiresAt!.Value:O}; propose the change again");
        (await LedgerPayloadTests.PayloadAsync(h, change.Id, "failed"))["reason"]!.GetValue<string>().Should().Be(final.Outcome);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0, "an interrupted write whose proof expired is not made now");
        (await h.ObserveWebAsync()).Should().Be((2L, change.ObservedResourceVersion!));
        h.Misfires().Should().BeEmpty();
    }

    [Fact]
    public async Task Recover_Executing_ClusterAlreadyHoldsTheChange_RecordsTheResultingVersion()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), change.ObservedResourceVersion, dryRun: false);
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, "the reconcile that records the write verifies it at once ({0})", final.Outcome);
        final.ResultResourceVersion.Should().NotBeNull().And.NotBe(change.ObservedResourceVersion, "the version the cluster had when recovery looked (the rollout moves it on)");
        var executed = await LedgerPayloadTests.PayloadAsync(h, change.Id, "executed");
        executed["resourceVersion"]!.GetValue<string>().Should().Be(final.ResultResourceVersion);
        executed["reconciled"]!.GetValue<bool>().Should().BeTrue();
        (await h.EventTypesAsync(change.Id)).Should().ContainInOrder("executing", "executed", "verifying", "verified");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        h.Misfires().Should().BeEmpty("a reconciled change is not failed afterwards");
    }

    /// <summary>
    /// While a change recovery found already written is being verified, its record says so. The
    /// verification is held: after recovery's one read every read of the target fails, and the
    /// engine's clock stands still, so it waits between probes until cancelled.
    /// </summary>
    [Fact]
    public async Task Recover_Executing_ClusterAlreadyHoldsTheChange_SaysReconciledWhileVerifying()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), change.ObservedResourceVersion, dryRun: false);
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.Delay, Delay = TimeSpan.Zero, Method = "GET", PathPrefix = WebPath });
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 500, Method = "GET", PathPrefix = WebPath, Count = 1_000_000 });
        await using var engine = h.CreateEngine(h.Policy, new ManualTimeProvider(h.Clock.GetUtcNow()), new ChangeEngineOptions(), h.Logs);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var reconcile = engine.ReconcileAsync(change.Id, stop.Token);
        var verifying = (await h.Engine.GetChangeAsync(change.Id))!;
        while (verifying.State != ChangeState.Verifying)
        {
            stop.IsCancellationRequested.Should().BeFalse("recovery reaches verification");
            await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None); // the poll interval
            verifying = (await h.Engine.GetChangeAsync(change.Id))!;
        }

        verifying.Outcome.Should().Be("reconciled: the cluster already holds the change");
        verifying.ResultResourceVersion.Should().NotBeNull().And.NotBe(change.ObservedResourceVersion);
        await stop.CancelAsync();
        var stopped = () => reconcile;
        await stopped.Should().ThrowAsync<OperationCanceledException>("verification was still waiting for the target");
        (await h.EventTypesAsync(change.Id)).Should().EndWith(["executed", "verifying"]);
    }

    [Fact]
    public async Task Verify_TargetUnobservable_KeepsProbingUntilTheDeadline_ThenFailsNamingTheTimeout()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), change.ObservedResourceVersion, dryRun: false);
        await h.ForceStateAsync(change.Id, ChangeState.Executing, ChangeState.Executed);
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 500, Method = "GET", PathPrefix = WebPath, Count = 1_000_000 });
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ProcessAsync();
        await Poll.UntilAsync(() => h.Sandbox.CountRequests("GET", WebPath) >= 3, "the probe tried several times");
        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Verifying, "a target it cannot observe yet is not a verdict before the deadline");
        h.Clock.Advance(TimeSpan.FromMinutes(3));
        var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(60), null);

        final!.State.Should().Be(ChangeState.VerificationFailed);
        final.Outcome.Should().StartWith("verification failed: rollout_complete not reached within 120s (could not observe the target: ");
        var payload = await LedgerPayloadTests.PayloadAsync(h, change.Id, "verification_failed");
        payload["expect"]!.GetValue<string>().Should().Be("rollout_complete");
        payload["detail"]!.GetValue<string>().Should().StartWith("could not observe the target: ");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
    }
}
