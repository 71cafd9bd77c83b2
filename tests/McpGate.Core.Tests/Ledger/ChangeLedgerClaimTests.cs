using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

public sealed class ChangeLedgerClaimTests : IDisposable
{
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(30);

    private readonly LedgerTestDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(LedgerTestDirectory.Start);
    private readonly ChangeLedger _ledger;

    public ChangeLedgerClaimTests() => _ledger = ChangeLedger.Open(_directory.DatabasePath, _clock);

    public void Dispose()
    {
        _ledger.Dispose();
        _directory.Dispose();
    }

    /// <summary>This process, under another executor instance id: alive, on this host.</summary>
    private static ExecutorInstance LiveOwner() => ExecutorInstance.ForCurrentProcess();

    [Fact]
    public async Task TransitionAsync_TakeOnUnclaimedChange_StoresTheClaimAndHashesItInTheEntry()
    {
        await CreateApprovedAsync("chg-1");
        var owner = LiveOwner();

        var entry = await ClaimAsync("chg-1", owner);

        var claim = await _ledger.GetClaimAsync("chg-1");
        claim.Should().BeEquivalentTo(new { ChangeId = "chg-1", Owner = owner, LeaseExpires = LedgerTestDirectory.Start + s_lease });
        var payload = JsonNode.Parse(entry.PayloadJson)!;
        payload["claim"]!["instance"]!.GetValue<string>().Should().Be(owner.InstanceId);
        payload["claim"]!["pid"]!.GetValue<int>().Should().Be(Environment.ProcessId);
        payload["claim"]!["host"]!.GetValue<string>().Should().Be(ExecutorInstance.CurrentHost());
        payload["claim"]!["leaseExpires"]!.GetValue<string>().Should().Be("2026-01-02T03:04:35.678Z");
        (await _ledger.GetChangeAsync("chg-1"))!.State.Should().Be(ChangeState.Executing);
        (await _ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task TransitionAsync_HoldByOwner_RenewsTheLeaseAndRecordsTheExecutor()
    {
        await CreateApprovedAsync("chg-1");
        var owner = LiveOwner();
        await ClaimAsync("chg-1", owner);
        _clock.Advance(TimeSpan.FromSeconds(20));

        var entry = await _ledger.TransitionAsync("chg-1", ChangeState.Executing, ChangeState.Executed, "{}", "executed", new JsonObject(), Check(owner, ClaimMode.Hold));

        (await _ledger.GetClaimAsync("chg-1"))!.LeaseExpires.Should().Be(LedgerTestDirectory.Start + TimeSpan.FromSeconds(20) + s_lease);
        JsonNode.Parse(entry.PayloadJson)!["executor"]!.GetValue<string>().Should().Be(owner.InstanceId);
    }

    [Fact]
    public async Task RenewClaimAsync_ByOwner_ExtendsTheLease_ByAnyoneElse_ReturnsFalse()
    {
        await CreateApprovedAsync("chg-1");
        var owner = LiveOwner();
        await ClaimAsync("chg-1", owner);
        _clock.Advance(TimeSpan.FromSeconds(10));

        (await _ledger.RenewClaimAsync("chg-1", LiveOwner(), s_lease)).Should().BeFalse();
        (await _ledger.RenewClaimAsync("chg-2", owner, s_lease)).Should().BeFalse("nobody holds chg-2");
        (await _ledger.GetClaimAsync("chg-1"))!.LeaseExpires.Should().Be(LedgerTestDirectory.Start + s_lease);
        (await _ledger.RenewClaimAsync("chg-1", owner, s_lease)).Should().BeTrue();
        (await _ledger.GetClaimAsync("chg-1"))!.LeaseExpires.Should().Be(LedgerTestDirectory.Start + TimeSpan.FromSeconds(10) + s_lease);
    }

    [Theory]
    [InlineData(ClaimMode.Take)]
    [InlineData(ClaimMode.Hold)]
    [InlineData(ClaimMode.Release)]
    public async Task TransitionAsync_ByAnotherExecutorWhileTheOwnerLives_IsRefusedAndWritesNothing(ClaimMode mode)
    {
        await CreateApprovedAsync("chg-1");
        var owner = LiveOwner();
        await ClaimAsync("chg-1", owner);
        var before = await _ledger.ReadEntriesAsync();
        _clock.Advance(s_lease - TimeSpan.FromMilliseconds(1));

        var act = () => _ledger.TransitionAsync("chg-1", ChangeState.Executing, mode == ClaimMode.Release ? ChangeState.Failed : ChangeState.Executing, """{"x":1}""", "x", new JsonObject(), Check(LiveOwner(), mode));

        (await act.Should().ThrowAsync<ExecutorClaimException>()).Which.Holder!.Owner.Should().Be(owner);
        (await _ledger.ReadEntriesAsync()).Should().BeEquivalentTo(before);
        (await _ledger.GetChangeAsync("chg-1"))!.DocumentJson.Should().Be("{}");
        (await _ledger.GetClaimAsync("chg-1"))!.Owner.Should().Be(owner);
    }

    [Fact]
    public async Task TransitionAsync_WithoutAClaimOnAClaimedChange_IsRefused()
    {
        await CreateApprovedAsync("chg-1");
        await ClaimAsync("chg-1", LiveOwner());

        var act = () => _ledger.TransitionAsync("chg-1", ChangeState.Executing, ChangeState.Executed, "{}", "executed", new JsonObject());

        await act.Should().ThrowAsync<ExecutorClaimException>().WithMessage("*claimed by executor*only its holder*");
        (await _ledger.GetChangeAsync("chg-1"))!.State.Should().Be(ChangeState.Executing);
    }

    [Fact]
    public async Task TransitionAsync_TakeAfterTheLeaseExpired_TakesOverAndNamesTheOwnerItReplaced()
    {
        await CreateApprovedAsync("chg-1");
        var owner = LiveOwner() with { Host = "other-host boot=x pidns=y" };
        await ClaimAsync("chg-1", owner);
        _clock.Advance(s_lease);
        var successor = LiveOwner();

        var entry = await _ledger.TransitionAsync("chg-1", ChangeState.Executing, ChangeState.Executing, "{}", "claim_taken_over", new JsonObject(), Check(successor, ClaimMode.Take));

        (await _ledger.GetClaimAsync("chg-1"))!.Owner.Should().Be(successor);
        var payload = JsonNode.Parse(entry.PayloadJson)!;
        payload["takenOver"]!["instance"]!.GetValue<string>().Should().Be(owner.InstanceId);
        payload["takenOver"]!["gone"]!.GetValue<string>().Should().Contain("lease expired");
        var refuse = () => _ledger.TransitionAsync("chg-1", ChangeState.Executing, ChangeState.Executed, "{}", "executed", new JsonObject(), Check(owner, ClaimMode.Hold));
        await refuse.Should().ThrowAsync<ExecutorClaimException>("the old owner lost the claim");
    }

    [Fact]
    public async Task TransitionAsync_TakeFromALiveOwnerOnAnotherHost_IsRefusedUntilItsLeaseExpires()
    {
        await CreateApprovedAsync("chg-1");
        var dead = await DeadProcessAsync();
        var owner = LiveOwner() with { Host = "other-host", ProcessId = dead.Pid, ProcessStart = dead.Start };
        await ClaimAsync("chg-1", owner);

        var take = () => _ledger.TransitionAsync("chg-1", ChangeState.Executing, ChangeState.Executing, "{}", "claim_taken_over", new JsonObject(), Check(LiveOwner(), ClaimMode.Take));

        await take.Should().ThrowAsync<ExecutorClaimException>("a pid on another host says nothing here");
        _clock.Advance(s_lease);
        await take.Should().NotThrowAsync();
    }

    [Theory]
    [InlineData("exited")]
    [InlineData("pid reused")]
    [InlineData("never ran")]
    public async Task TransitionAsync_TakeFromADeadOwnerOnThisHost_TakesOverBeforeTheLeaseExpires(string variant)
    {
        await CreateApprovedAsync("chg-1");
        var owner = variant switch
        {
            "exited" => await DeadProcessAsync() is var dead ? LiveOwner() with { ProcessId = dead.Pid, ProcessStart = dead.Start } : null!,
            "pid reused" => LiveOwner() with { ProcessStart = LiveOwner().ProcessStart - TimeSpan.FromHours(1) },
            _ => LiveOwner() with { ProcessId = int.MaxValue - 7 },
        };
        await ClaimAsync("chg-1", owner);
        var successor = LiveOwner();

        var entry = await _ledger.TransitionAsync("chg-1", ChangeState.Executing, ChangeState.Executing, "{}", "claim_taken_over", new JsonObject(), Check(successor, ClaimMode.Take));

        (await _ledger.GetClaimAsync("chg-1"))!.Owner.Should().Be(successor);
        JsonNode.Parse(entry.PayloadJson)!["takenOver"]!["gone"]!.GetValue<string>().Should().MatchRegex("process \\d+ (is not running|has exited|is another process)");
    }

    [Fact]
    public async Task TransitionAsync_Release_DeletesTheClaimSoTheChangeIsUnclaimed()
    {
        await CreateApprovedAsync("chg-1");
        var owner = LiveOwner();
        await ClaimAsync("chg-1", owner);

        await _ledger.TransitionAsync("chg-1", ChangeState.Executing, ChangeState.Failed, "{}", "failed", new JsonObject(), Check(owner, ClaimMode.Release));

        (await _ledger.GetClaimAsync("chg-1")).Should().BeNull();
        (await _ledger.RenewClaimAsync("chg-1", owner, s_lease)).Should().BeFalse();
    }

    [Fact]
    public async Task TransitionAsync_ManyExecutorsTakeAtOnce_ExactlyOneWins()
    {
        await CreateApprovedAsync("chg-1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var owners = Enumerable.Range(0, 20).Select(_ => LiveOwner()).ToList();
        var attempts = owners.Select(owner => Task.Run(async () =>
        {
            await start.Task.WaitAsync(timeout.Token);
            try
            {
                await _ledger.TransitionAsync("chg-1", ChangeState.Approved, ChangeState.Executing, "{}", "executing", new JsonObject(), Check(owner, ClaimMode.Take), timeout.Token);
                return owner;
            }
            catch (ChangeStateConflictException)
            {
                return null;
            }
        })).ToList();

        start.SetResult();
        var winners = (await Task.WhenAll(attempts).WaitAsync(timeout.Token)).OfType<ExecutorInstance>().ToList();

        winners.Should().ContainSingle();
        (await _ledger.GetClaimAsync("chg-1"))!.Owner.Should().Be(winners[0]);
        (await _ledger.ReadEntriesAsync(0, "chg-1")).Count(e => e.EventType == "executing").Should().Be(1);
    }

    private static ClaimCheck Check(ExecutorInstance owner, ClaimMode mode) => new() { Owner = owner, Mode = mode, Lease = s_lease };

    private Task<LedgerEntry> CreateApprovedAsync(string changeId) =>
        _ledger.CreateChangeAsync(changeId, ChangeState.Approved, "{}", "approved", new JsonObject());

    private Task<LedgerEntry> ClaimAsync(string changeId, ExecutorInstance owner) =>
        _ledger.TransitionAsync(changeId, ChangeState.Approved, ChangeState.Executing, "{}", "executing", new JsonObject(), Check(owner, ClaimMode.Take));

    /// <summary>A real process on this host that ran and exited (and was reaped): its pid and start time.</summary>
    private static async Task<(int Pid, DateTimeOffset Start)> DeadProcessAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var start = ProcessLiveness.StartTimeOf(process);
        var pid = process.Id;
        process.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        return (pid, start);
    }
}
