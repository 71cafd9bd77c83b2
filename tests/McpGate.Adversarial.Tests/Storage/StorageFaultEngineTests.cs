using McpGate.Core.Changes;
using McpGate.Core.Engine;
using McpGate.Core.Ledger;
using McpGate.Testing.Engine;
using McpGate.Testing.Files;
using McpGate.Testing.Logging;
using McpGate.Testing.Time;

namespace McpGate.Adversarial.Tests.Storage;

/// <summary>
/// The engine's background loop on a ledger that cannot be written: an approved change never
/// reaches the cluster without its ledger entry, the condition is logged once (no stack trace per
/// change per pass), passes back off, and work resumes with one "recovered" line when the
/// storage is back. Each pass is one timer of a stepped clock, so passes are counted exactly.
/// </summary>
public sealed class StorageFaultEngineTests : IAsyncLifetime
{
    private const int Unavailable = 1101;
    private const int Recovered = 1102;
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_probe = TimeSpan.FromMilliseconds(3);
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly SteppedTimeProvider _time = new();
    private readonly LogCollector<ChangeEngine> _log = new();
    private readonly CancellationTokenSource _stop = new();
    private GateHarness _gate = null!;
    private ChangeEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _gate = await GateHarness.StartAsync();
        _engine = _gate.CreateEngine(_gate.Policy, _time, new ChangeEngineOptions { PollInterval = s_poll, ProbeInterval = s_probe, StorageRetryLimit = s_limit, ClaimLease = s_lease }, _log);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _engine.DisposeAsync();
        _stop.Dispose();
        await _gate.DisposeAsync();
    }

    [Fact]
    public Task Run_LedgerReadOnly_ExecutesNothing_LogsOnce_BacksOff_AndRecovers() =>
        RunThroughFaultAsync(
            LedgerStorageCondition.ReadOnly,
            breakStorage: () => _gate.Ledger.ExtraConnectionPragmas = "PRAGMA query_only = ON;",
            repairStorage: () => _gate.Ledger.ExtraConnectionPragmas = "PRAGMA query_only = OFF;");

    [Fact]
    public Task Run_DataDirectoryMovedAway_ExecutesNothing_LogsOnce_BacksOff_AndRecovers()
    {
        var data = Path.GetDirectoryName(_gate.Ledger.DatabasePath)!;
        return RunThroughFaultAsync(
            LedgerStorageCondition.Missing,
            breakStorage: () => Directory.Move(data, data + "-away"),
            repairStorage: () => Directory.Move(data + "-away", data));
    }

    private async Task RunThroughFaultAsync(LedgerStorageCondition condition, Action breakStorage, Action repairStorage)
    {
        var change = await _gate.ProposeScaleAsync(5);
        await _gate.SubmitAsync(change.Id, "alice");
        var before = await _gate.ObserveWebAsync();
        breakStorage();
        var run = _engine.RunAsync(_stop.Token);

        // Six failing passes: the wait doubles from the poll interval up to the limit.
        var delays = new List<TimeSpan>();
        for (var pass = 0; pass < 6; pass++)
        {
            var timer = await _time.NextTimerAsync(s_timeout);
            delays.Add(timer.DueTime);
            timer.Fire();
        }

        delays.Should().Equal(s_poll, 2 * s_poll, 4 * s_poll, s_limit, s_limit, s_limit);
        (await _gate.ObserveWebAsync()).Should().Be(before, "nothing reaches the cluster without its ledger entry");
        _log.Entries.Where(e => e.EventId == Unavailable).Should().ContainSingle()
            .Which.Message.Should().Contain(LedgerStorageException.Describe(condition, _gate.Ledger.DatabasePath));
        _log.Entries.Should().OnlyContain(e => e.Exception == null, "a storage fault is one line, not a stack trace");
        _log.Entries.Count(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Should().Be(1);

        repairStorage();
        await FireTimersUntilAsync(async () => (await _gate.Engine.GetChangeAsync(change.Id))?.State == ChangeState.Verified);

        (await _gate.ObserveWebAsync()).Replicas.Should().Be(5);
        _log.Entries.Where(e => e.EventId == Recovered).Should().ContainSingle();
        _log.Entries.Where(e => e.EventId == Unavailable).Should().ContainSingle();
        (await _gate.EventTypesAsync(change.Id)).Count(t => t == "executed").Should().Be(1);
        (await _gate.Ledger.VerifyAsync()).Succeeded.Should().BeTrue();

        // After recovery the poll interval is back to normal (verification probes and claim renewals aside).
        var next = await _time.NextTimerAsync(s_timeout);
        while (next.DueTime == s_probe || next.DueTime == s_lease / 3)
        {
            next.Fire();
            next = await _time.NextTimerAsync(s_timeout);
        }

        next.DueTime.Should().Be(s_poll);
        await _stop.CancelAsync();
        await run;
    }

    /// <summary>Fires every timer (passes and verification probes) until <paramref name="done"/> holds.</summary>
    private async Task FireTimersUntilAsync(Func<Task<bool>> done)
    {
        using var deadline = new CancellationTokenSource(s_timeout);
        while (!await done())
        {
            deadline.Token.ThrowIfCancellationRequested();
            var timer = await _time.NextTimerAsync(s_timeout);
            timer.Fire();
        }
    }
}
