using McpGate.Core.Approvals;
using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Testing.Engine;
using McpGate.Testing.Time;

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
        await RunEngineAsync(h, executorLedger, async _ =>
        {
            // The first pass runs at start; from here on only an announcement or the hour starts one.
            var change = await h.ProposeScaleAsync(4);
            await h.SubmitAsync(change.Id, "alice");

            var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(60), null);

            final!.State.Should().Be(ChangeState.Verified, final.Outcome);
            (await h.ObserveWebAsync()).Replicas.Should().Be(4);
            File.Exists(h.Ledger.DecisionSignalPath).Should().BeTrue();
        });
    }

    [Fact]
    public async Task ApprovalWrittenThroughTheEnginesOwnLedger_WakesIt_AndARejectionToo()
    {
        await using var h = await GateHarness.StartAsync(GateHarness.TwoApprovalsFromSre);
        await RunEngineAsync(h, h.Ledger, async _ =>
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
        });
    }

    [Fact]
    public async Task SignalFileThatCannotBeWritten_TheEnginesOwnLedgerStillWakesIt_ThroughTheEvent()
    {
        await using var h = await GateHarness.StartAsync();
        Directory.CreateDirectory(h.Ledger.DecisionSignalPath);
        await RunEngineAsync(h, h.Ledger, async _ =>
        {
            var change = await h.ProposeScaleAsync(4);
            await h.SubmitAsync(change.Id, "alice");

            var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(60), null);

            final!.State.Should().Be(ChangeState.Verified, "no file could be watched, so the in-process event woke it");
            (await h.ObserveWebAsync()).Replicas.Should().Be(4);
        });
    }

    [Fact]
    public async Task IdleEngine_RunsOnePassPerAnnouncement_NotOneAfterAnother()
    {
        await using var h = await GateHarness.StartAsync();
        await RunEngineAsync(h, h.Ledger, async engine =>
        {
            await Poll.UntilAsync(() => engine.PassesStarted >= 1, "the first pass ran at start");
            h.Ledger.AnnounceDecision();
            await Poll.UntilAsync(() => engine.PassesStarted >= 2, "the announcement started a pass");

            // The announcement's event and its file's events may add a pass or two; an engine that
            // does not wait for the next one runs thousands in this second.
            await Task.Delay(TimeSpan.FromSeconds(1));

            engine.PassesStarted.Should().BeLessThanOrEqualTo(5);
        });
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
        await Poll.UntilAsync(() => Volatile.Read(ref woken) > 0, "the watcher saw the announcements");
    }

    /// <summary>Runs <paramref name="body"/> while an engine on <paramref name="ledger"/> runs its loop, polling hourly; stops it after.</summary>
    private static async Task RunEngineAsync(GateHarness h, ChangeLedger ledger, Func<ChangeEngine, Task> body)
    {
        await using var engine = h.CreateEngine(h.Policy, ledger, s_hourlyPoll);
        using var stop = new CancellationTokenSource();
        var running = engine.RunAsync(stop.Token);
        try
        {
            await body(engine);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }
}
