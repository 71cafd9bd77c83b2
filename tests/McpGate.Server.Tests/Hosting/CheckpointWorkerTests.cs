using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Server.Hosting;
using McpGate.Testing.Files;
using McpGate.Testing.Ledger;
using McpGate.Testing.Logging;
using McpGate.Testing.Time;
using Microsoft.Data.Sqlite;

namespace McpGate.Server.Tests.Hosting;

public sealed class CheckpointWorkerTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-checkpoint-worker-");
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly Ed25519PrivateKey _gateKey = Ed25519PrivateKey.Generate();
    private readonly LogCollector<CheckpointWorker> _log = new();
    private readonly ChangeLedger _ledger;
    private readonly CheckpointWorker _worker;

    public CheckpointWorkerTests()
    {
        _ledger = ChangeLedger.Open(_temp.Combine("ledger.db"), _clock);
        _worker = new CheckpointWorker(new LedgerCheckpointer(_ledger, _gateKey, _clock), _clock, _log);
    }

    public void Dispose()
    {
        _worker.Dispose();
        _ledger.Dispose();
        _gateKey.Dispose();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task StopAsync_EntriesNoCheckpointCovers_SignsALastCheckpointOfThemAll()
    {
        await _worker.StartAsync(CancellationToken.None);
        await LedgerHistory.WritePendingChangeAsync(_ledger, "chg-1");
        await LedgerHistory.WritePendingChangeAsync(_ledger, "chg-2");

        await _worker.StopAsync(CancellationToken.None);

        var latest = (await _ledger.ReadCheckpointsAsync())[^1];
        latest.Checkpoint.TreeSize.Should().Be(6);
        _log.Entries.Should().Contain(e => e.EventId == 2301 && e.Message.Contains("6 entries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnceAsync_LedgerCutBelowItsCheckpoint_LogsAnErrorAndSignsNothing()
    {
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 2);
        await _worker.RunOnceAsync(evenIfNotDue: false, CancellationToken.None);
        using (var connection = new SqliteConnection($"Data Source={_ledger.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq > 3;";
            command.ExecuteNonQuery();
        }

        await _worker.RunOnceAsync(evenIfNotDue: true, CancellationToken.None);

        _log.Entries.Should().ContainSingle(e => e.EventId == 2302)
            .Which.Message.Should().Contain("the ledger has 3 entries, but the checkpoint covers 8: entries 4 to 8 were removed");
        (await _ledger.ReadCheckpointsAsync()).Should().ContainSingle();
    }
}
