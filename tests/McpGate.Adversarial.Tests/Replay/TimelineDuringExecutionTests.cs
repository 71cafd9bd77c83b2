using McpGate.Core.Changes;
using McpGate.Core.Replay;
using McpGate.Testing.Engine;

namespace McpGate.Adversarial.Tests.Replay;

/// <summary>
/// Timelines built again and again, in parallel, while the engine approves, executes and verifies the
/// change: each is a consistent prefix of the final history, none fails, and none writes anything.
/// </summary>
public sealed class TimelineDuringExecutionTests
{
    [Fact]
    public async Task Build_ManyAtOnceWhileTheChangeRuns_EachIsAPrefixOfTheFinalHistory()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(5);
        await h.SubmitAsync(change.Id, "alice");
        var builder = new ChangeTimelineBuilder(h.Policy, h.Engine.GatePublicKey, h.Clock);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var seen = new List<ChangeTimeline>();
            while (!done.Task.IsCompleted)
            {
                seen.Add((await builder.BuildAsync(h.Ledger, change.Id, timeout.Token))!);
            }

            return seen;
        }, timeout.Token)).ToList();
        var final = await h.ProcessUntilFinalAsync(change.Id);
        done.SetResult();
        var timelines = (await Task.WhenAll(readers)).SelectMany(s => s).ToList();

        final.State.Should().Be(ChangeState.Verified, final.Outcome);
        var history = (await builder.BuildAsync(h.Ledger, change.Id))!;
        var finalSequences = history.Steps.Select(s => s.Sequence).ToList();
        timelines.Should().NotBeEmpty();
        foreach (var t in timelines)
        {
            t.Steps.Select(s => s.Sequence).Should().Equal(finalSequences.Take(t.Steps.Count), "a timeline read mid-way is the history so far");
            t.Approvals.Should().OnlyContain(a => a.SignatureVerified, "alice's approval verifies whenever it is read");
            if (t.State is { } state && t.RowDisagrees is null)
            {
                t.RowState.Should().Be(state);
            }
        }

        (await h.Ledger.ReadEntriesAsync(0, change.Id)).Select(e => e.Sequence).Should().Equal(finalSequences, "readers wrote nothing");
    }
}
