using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Testing.Engine;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// The engine's time limits at their exact instant, on an engine whose clock stands still there: a
/// proof is expired from its expiry instant on, a proposal is abandoned from two minutes on.
/// </summary>
public sealed class ChangeEngineBoundaryTests
{
    [Fact]
    public async Task Settle_AtTheProofsExpiryInstant_ExpiresTheChange()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await using var engine = EngineAt(h, change.ExpiresAt!.Value);

        await engine.ProcessAsync();
        await engine.WhenIdleAsync();

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Expired, final.Outcome);
        (await h.EventTypesAsync(change.Id)).Should().NotContain("approved");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Approved_AtTheProofsExpiryInstant_FailsBeforeExecuting()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await using var engine = EngineAt(h, change.ExpiresAt!.Value);

        await engine.ProcessAsync();
        await engine.WhenIdleAsync();

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be($"not executed: the proof expired at {change.ExpiresAt!.Value:O} before the change could run; propose it again");
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executing");
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Recover_AtTheProofsExpiryInstant_FailsWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        h.Sandbox.ResetRequestCounts();
        await using var engine = EngineAt(h, change.ExpiresAt!.Value);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await engine.ReconcileAsync(change.Id, timeout.Token);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be($"not executed: the proof expired at {change.ExpiresAt!.Value:O}; propose the change again");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task Process_ProposalUnfinishedForExactlyTwoMinutes_IsClosed_ATickEarlierIsLeft()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var now = h.Clock.GetUtcNow();
        var updated = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        var stuck = change with { Id = ChangeId.New().Value, State = ChangeState.Proven, UpdatedAt = updated };
        await h.Ledger.CreateChangeAsync(stuck.Id, ChangeState.Proven, ChangeJson.Serialize(stuck), "proven", new System.Text.Json.Nodes.JsonObject());
        var clock = new ManualTimeProvider(updated + TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(1));
        await using var engine = h.CreateEngine(h.Policy, clock, new ChangeEngineOptions(), h.Logs);

        await engine.ProcessAsync();
        (await h.Engine.GetChangeAsync(stuck.Id))!.State.Should().Be(ChangeState.Proven, "a tick short of two minutes it may still be in progress");

        clock.Advance(TimeSpan.FromTicks(1));
        await engine.ProcessAsync();

        var closed = (await h.Engine.GetChangeAsync(stuck.Id))!;
        closed.State.Should().Be(ChangeState.Failed);
        closed.Outcome.Should().Be("interrupted while being proposed; nothing was changed; propose it again");
        (await h.EventTypesAsync(stuck.Id)).Should().Equal("proven", LedgerEvents.Abandoned);
    }

    /// <summary>An engine on the harness's cluster and ledger whose clock stands at <paramref name="instant"/>.</summary>
    private static ChangeEngine EngineAt(GateHarness h, DateTimeOffset instant) =>
        h.CreateEngine(h.Policy, new ManualTimeProvider(instant), new ChangeEngineOptions { ProbeInterval = TimeSpan.FromMilliseconds(50) }, h.Logs);
}
