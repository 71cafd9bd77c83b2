using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Testing.Engine;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// An announced decision wakes the running engine at once. The engines here poll once an hour, so a change
/// that executes within the test's minute was started by the announcement, not by a poll.
/// </summary>
public sealed class DecisionWakeTests
{
    private static readonly ChangeEngineOptions s_hourlyPoll = new() { PollInterval = TimeSpan.FromHours(1), ProbeInterval = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public async Task ApprovalWrittenThroughAnotherLedgerInstance_AsAnotherProcessWould_WakesTheEngine()
    {
        await using var h = await GateHarness.StartAsync();
        using var executorLedger = ChangeLedger.Open(h.Ledger.DatabasePath, h.Clock);
        await using var engine = h.CreateEngine(h.Policy, executorLedger, s_hourlyPoll);
        using var stop = new CancellationTokenSource();
        var running = engine.RunAsync(stop.Token);
        try
        {
            // The first pass runs at start; from here on only an announcement or the hour starts one.
            var change = await h.ProposeScaleAsync(4);
            await h.SubmitAsync(change.Id, "alice");

            var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(60), null);

            final!.State.Should().Be(ChangeState.Verified, final.Outcome);
            (await h.ObserveWebAsync()).Replicas.Should().Be(4);
            File.Exists(h.Ledger.DecisionSignalPath).Should().BeTrue();
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task ApprovalWrittenThroughTheEnginesOwnLedger_WakesIt_AndARejectionToo()
    {
        await using var h = await GateHarness.StartAsync(GateHarness.TwoApprovalsFromSre);
        await using var engine = h.CreateEngine(h.Policy, h.Ledger, s_hourlyPoll);
        using var stop = new CancellationTokenSource();
        var running = engine.RunAsync(stop.Token);
        try
        {
            var approved = await h.ProposeScaleAsync(4);
            await h.SubmitAsync(approved.Id, "alice");
            await h.SubmitAsync(approved.Id, "bob");
            var rejected = await h.ProposeScaleAsync(5, name: "api");
            await h.SubmitAsync(rejected.Id, "alice", ApprovalDecision.Reject);

            (await h.Engine.WaitForChangeAsync(approved.Id, TimeSpan.FromSeconds(60), null))!.State.Should().Be(ChangeState.Verified);
            (await h.Engine.WaitForChangeAsync(rejected.Id, TimeSpan.FromSeconds(60), null))!.State.Should().Be(ChangeState.Rejected);
            (await h.Cluster.GetAsync(GateHarness.Web with { Name = "api" }))!["spec"]!["replicas"]!.GetValue<long>()
                .Should().NotBe(5, "a rejected change is never written");
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task Announcement_NoEngineRunning_IsHarmless_AndRepeatedAnnouncementsLeaveOneSmallFile()
    {
        await using var h = await GateHarness.StartAsync();
        var woken = 0;
        using var watch = h.Ledger.WatchDecisions(() => Interlocked.Increment(ref woken));
        watch.Should().NotBeNull("this machine can watch files");

        for (var i = 0; i < 5; i++)
        {
            h.Ledger.AnnounceDecision();
        }

        new FileInfo(h.Ledger.DecisionSignalPath).Length.Should().Be(1, "the signal holds no data");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref woken) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        woken.Should().BePositive("the watcher saw the announcements");
    }
}
