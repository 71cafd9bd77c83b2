using McpGate.Core.Changes;
using McpGate.Sandbox.Faults;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// What the cluster answers to the engine's one write decides the change: a refusal (the request was
/// judged and not applied) fails it with the cluster's reason; an answer that leaves open whether it
/// was applied keeps it executing until recovery looks. The sandbox answers each injected status with
/// the Status reason a real API server sends for it.
/// </summary>
public sealed class ChangeEngineWriteRefusalTests
{
    /// <summary>HTTP status of the refusal, the Status reason sent with it, the kind the outcome names.</summary>
    public static TheoryData<int, string, string> Refusals => new()
    {
        { 400, "BadRequest", "Invalid" },
        { 401, "Unauthorized", "Unauthorized" },
        { 403, "Forbidden", "Forbidden" },
        { 404, "NotFound", "NotFound" },
        { 415, "UnsupportedMediaType", "Invalid" },
        { 422, "Invalid", "Invalid" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Execute_ClusterRefusesTheWrite_FailsWithItsReason_ClusterUnchanged(int code, string reason, string kind)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        h.Sandbox.ResetRequestCounts();
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = code, Method = "PATCH", PathPrefix = GateHarness.WebPath });

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().StartWith($"not executed: the cluster refused the write ({kind}): patch deployments demo/web on cluster 'sandbox' failed ({code} {reason}): ");
        (await LedgerPayloadTests.PayloadAsync(h, change.Id, "failed"))["reason"]!.GetValue<string>().Should().Be(final.Outcome);
        (await h.EventTypesAsync(change.Id)).Should().ContainInOrder("approved", "executing", "failed").And.NotContain(["executed", "verifying"]);
        (await h.Ledger.GetClaimAsync(change.Id)).Should().BeNull("a failed change releases its claim");
        h.Sandbox.Faults.Pending.Should().Be(0, "the write reached the cluster and was refused");
        h.Sandbox.CountRequests("PATCH", GateHarness.WebPath).Should().Be(1, "a refused write is not sent again");
        (await h.ObserveWebAsync()).Should().Be((2L, change.ObservedResourceVersion!), "the refused write changed nothing");
    }

    /// <summary>
    /// Recovery finds the target unchanged, so the interrupted write never landed: it writes now,
    /// after reading the target once (the signed checks run again, the drift check not: that read was it).
    /// </summary>
    [Fact]
    public async Task Recover_Executing_TargetUnchangedAndTheWriteRefused_FailsWithItsReason_AfterOneRead()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        h.Sandbox.ResetRequestCounts();
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = 403, Method = "PATCH", PathPrefix = GateHarness.WebPath });

        await h.Engine.ReconcileAsync(change.Id, CancellationToken.None);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().StartWith("not executed: the cluster refused the write (Forbidden): patch deployments demo/web on cluster 'sandbox' failed (403 Forbidden): ");
        h.Sandbox.CountRequests("GET", GateHarness.WebPath).Should().Be(1, "recovery reads the target once and decides on that read");
        h.Sandbox.CountRequests("PATCH", GateHarness.WebPath).Should().Be(1);
        (await h.ObserveWebAsync()).Should().Be((2L, change.ObservedResourceVersion!));
        h.Misfires().Should().BeEmpty();
    }

    /// <summary>Status codes after which the write may or may not have been applied (503 is in <see cref="ChangeEngineExecuteTests"/>).</summary>
    public static TheoryData<int> Uncertain => new() { 500, 504, 429 };

    [Theory]
    [MemberData(nameof(Uncertain))]
    public async Task Execute_WriteOutcomeUnknown_StaysExecuting_ThenRecoveryWritesItOnce(int code)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        h.Sandbox.ResetRequestCounts();
        h.Sandbox.Faults.Add(new SandboxFault { Kind = SandboxFaultKind.ServerError, StatusCode = code, Method = "PATCH", PathPrefix = GateHarness.WebPath });

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        (await h.Engine.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.Executing);
        (await h.EventTypesAsync(change.Id)).Should().NotContain(["failed", "executed"]);
        h.Sandbox.Faults.Pending.Should().Be(0);
        (await h.ObserveWebAsync()).Should().Be((2L, change.ObservedResourceVersion!));

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        (await h.ObserveWebAsync()).Replicas.Should().Be(4);
        (await h.EventTypesAsync(change.Id)).Count(e => e == "executed").Should().Be(1);
        h.Sandbox.CountRequests("PATCH", GateHarness.WebPath).Should().Be(2, "the uncertain write, then recovery's one write after it found the target unchanged");
        h.Misfires().Should().BeEmpty("a change recovery wrote is not failed afterwards");
    }
}
