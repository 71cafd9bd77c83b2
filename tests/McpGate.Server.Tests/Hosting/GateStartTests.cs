using McpGate.Core.Manifests;
using McpGate.Server.Hosting;
using McpGate.Testing.Files;

namespace McpGate.Server.Tests.Hosting;

/// <summary>
/// What a failed start waits for before the server stops (<see cref="GateStart.WaitersAnsweredAsync"/>):
/// every request still waiting for the runtime, up to a deadline, then a moment for the answers to be
/// written. Real timers; the clock the deadline is read from stands still until the test moves it.
/// </summary>
public sealed class GateStartTests
{
    private static readonly Lazy<ManifestSet> s_manifests = new(() => GateRuntime.LoadConfiguration(RepoPaths.Manifests, RepoPaths.Policies).Manifests);

    [Fact]
    public async Task NoWaiter_ReturnsAfterTheMomentForTheTransport()
    {
        var start = new GateStart(s_manifests.Value, new TaskCompletionSource<GateRuntime>().Task);
        var clock = new MovableClock();

        var waited = System.Diagnostics.Stopwatch.StartNew();

        await start.WaitersAnsweredAsync(clock).WaitAsync(TimeSpan.FromSeconds(10));

        waited.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(90), "a moment is left for the transport to write the answers");
    }

    [Fact]
    public async Task AWaiter_IsWaitedFor_UntilItLeaves()
    {
        var start = new GateStart(s_manifests.Value, new TaskCompletionSource<GateRuntime>().Task);
        var made = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = start.WaitAsync(made.Task, CancellationToken.None);
        var clock = new MovableClock();

        var answered = start.WaitersAnsweredAsync(clock);
        await Task.Delay(400);
        answered.IsCompleted.Should().BeFalse("a request is still waiting for the start");

        made.SetException(new GateStartupException("gone"));
        await FluentActions.Awaiting(() => waiter).Should().ThrowAsync<GateStartupException>();
        await answered.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AWaiterThatNeverLeaves_IsWaitedForUntilTheDeadline_NotBeyond()
    {
        var start = new GateStart(s_manifests.Value, new TaskCompletionSource<GateRuntime>().Task);
        _ = start.WaitAsync(new TaskCompletionSource<string>().Task, CancellationToken.None);
        var clock = new MovableClock();

        var answered = start.WaitersAnsweredAsync(clock);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(300);
        answered.IsCompleted.Should().BeFalse("the deadline is five seconds");

        clock.Advance(TimeSpan.FromSeconds(0.1));
        await answered.WaitAsync(TimeSpan.FromSeconds(10)); // at the deadline exactly: no longer waited for
    }

    [Fact]
    public async Task ACancelledWaiter_LeavesToo()
    {
        var start = new GateStart(s_manifests.Value, new TaskCompletionSource<GateRuntime>().Task);
        using var cancel = new CancellationTokenSource();
        var waiter = start.WaitAsync(new TaskCompletionSource<string>().Task, cancel.Token);
        var clock = new MovableClock();

        var answered = start.WaitersAnsweredAsync(clock);
        await Task.Delay(300);
        answered.IsCompleted.Should().BeFalse();
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => waiter).Should().ThrowAsync<OperationCanceledException>();
        await answered.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void AFailedStartNobodyAwaited_IsNotReportedAsAnUnobservedTaskException()
    {
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> count = (_, e) =>
        {
            if (e.Exception.InnerException is GateStartupException { Message: "never awaited" })
            {
                Interlocked.Increment(ref unobserved);
            }
        };
        TaskScheduler.UnobservedTaskException += count;
        try
        {
            StartAndDrop();
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            unobserved.Should().Be(0);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= count;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void StartAndDrop()
    {
        var runtime = new TaskCompletionSource<GateRuntime>();
        _ = new GateStart(s_manifests.Value, runtime.Task);
        runtime.SetException(new GateStartupException("never awaited"));
    }

    /// <summary>A clock that stands still until the test moves it (timers stay real).</summary>
    private sealed class MovableClock : TimeProvider
    {
        private static readonly DateTimeOffset s_start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        private long _offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => s_start + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    }
}
