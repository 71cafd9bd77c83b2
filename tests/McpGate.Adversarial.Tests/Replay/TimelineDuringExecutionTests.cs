using McpGate.Core.Changes;
using McpGate.Core.Replay;
using McpGate.Testing.Engine;

namespace McpGate.Adversarial.Tests.Replay;

/// <summary>
/// Timelines built again and again, in parallel, while the engine approves, executes and verifies the
/// change: each is a consistent prefix of the final history whose row agrees with it, none fails, and none writes anything.
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

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var seen = new List<ChangeTimeline>();
            while (!done.Task.IsCompleted)
            {
                seen.Add((await builder.BuildAsync(h.Ledger, change.Id, timeout.Token))!);
            }

            return seen;
        }, timeout.Token)).ToList();
        await h.Engine.ProcessAsync(timeout.Token);
        var final = await h.Engine.WaitForChangeAsync(change.Id, TimeSpan.FromSeconds(80), null, timeout.Token);
        done.SetResult();
        var timelines = (await Task.WhenAll(readers)).SelectMany(s => s).ToList();

        final!.State.Should().Be(ChangeState.Verified, final.Outcome);
        var history = (await builder.BuildAsync(h.Ledger, change.Id))!;
        var finalSequences = history.Steps.Select(s => s.Sequence).ToList();
        timelines.Should().NotBeEmpty();
        foreach (var t in timelines)
        {
            t.Steps.Select(s => s.Sequence).Should().Equal(finalSequences.Take(t.Steps.Count), "a timeline read mid-way is the history so far");
            t.Approvals.Should().OnlyContain(a => a.SignatureVerified, "alice's approval verifies whenever it is read");
            t.RowDisagrees.Should().BeNull("the row and the entries are read from one snapshot");
            t.RowState.Should().Be(t.State!.Value);
        }

        (await h.Ledger.ReadEntriesAsync(0, change.Id)).Select(e => e.Sequence).Should().Equal(finalSequences, "readers wrote nothing");
    }
}
