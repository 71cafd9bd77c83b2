using System.Globalization;
using System.Text;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;
using McpGate.Testing.Files;
using McpGate.Testing.Ledger;
using McpGate.Testing.Processes;
using Microsoft.Data.Sqlite;

namespace McpGate.Adversarial.Tests.Checkpoints;

/// <summary>
/// A data directory as a gate leaves it: 12 entries (3 rejected changes) and two checkpoints signed
/// with the gate key the way the serving gate signs them (#1 after 4 entries, #2 after 12), in the
/// ledger and in checkpoints.log; plus what an auditor kept outside it: a copy of checkpoint #2, a copy
/// of checkpoints.log and the gate's public key.
/// </summary>
internal sealed class CheckpointedDataDirectory : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-checkpoints-");

    private CheckpointedDataDirectory()
    {
        Data = DataDirectory.Resolve(_temp.Combine("data"));
        Directory.CreateDirectory(_temp.Combine("auditor"));
    }

    public DataDirectory Data { get; }

    public string DataDir => Data.Path;

    public string LogPath => Path.Combine(DataDir, ChangeLedger.CheckpointLogFileName);

    /// <summary>The note of checkpoint #2 (12 entries), saved outside the data directory.</summary>
    public string SavedCheckpoint => _temp.Combine("auditor", "checkpoint-12.txt");

    /// <summary>A copy of checkpoints.log (both checkpoints), saved outside the data directory.</summary>
    public string SavedLog => _temp.Combine("auditor", "checkpoints.log");

    /// <summary>The gate's public key, saved outside the data directory.</summary>
    public string SavedPublicKey => _temp.Combine("auditor", "gate-key.pub.pem");

    public string Temp(string name) => _temp.Combine(name);

    public static async Task<CheckpointedDataDirectory> CreateAsync()
    {
        var directory = new CheckpointedDataDirectory();
        using var gateKey = GateKeyStore.LoadOrCreate(directory.Data);
        using (var ledger = ChangeLedger.Open(directory.Data.LedgerPath, TimeProvider.System))
        {
            await LedgerHistory.WriteRejectedChangesAsync(ledger, 1, "a");
            await ledger.SignCheckpointAsync(gateKey);
            await LedgerHistory.WriteRejectedChangesAsync(ledger, 2, "b");
            var latest = await ledger.SignCheckpointAsync(gateKey);
            await File.WriteAllTextAsync(directory.SavedCheckpoint, latest!.Checkpoint.Note);
        }

        SqliteConnection.ClearAllPools();
        File.Copy(directory.LogPath, directory.SavedLog);
        File.Copy(directory.Data.GatePublicKeyPath, directory.SavedPublicKey);
        return directory;
    }

    /// <summary>Runs the real sqlite3 CLI on the ledger, as someone with write access to the data directory would.</summary>
    public async Task<string> Sqlite3Async(string sql)
    {
        var result = await ProcessRunner.RunAsync("sqlite3", [Data.LedgerPath, sql], TimeSpan.FromSeconds(30));
        result.ExitCode.Should().Be(0, result.ToString());
        return result.StandardOutput.Trim();
    }

    /// <summary>
    /// SQL that rewrites entries from <paramref name="first"/> on: the first one's payload becomes
    /// <c>{"by":"mallory"}</c> and every hash from there is recomputed, so the chain stays intact.
    /// </summary>
    public async Task<string> RewriteChainSqlAsync(long first)
    {
        using var ledger = ChangeLedger.Open(Data.LedgerPath, TimeProvider.System);
        var entries = await ledger.ReadEntriesAsync();
        var previous = entries.Single(e => e.Sequence == first).PreviousHash;
        var sql = new StringBuilder("DROP TRIGGER ledger_no_update;\n");
        foreach (var entry in entries.Where(e => e.Sequence >= first))
        {
            var payload = entry.Sequence == first ? """{"by":"mallory"}""" : entry.PayloadJson;
            var hash = LedgerEntryHash.Compute(entry.Sequence, entry.ChangeId, entry.EventType, payload, LedgerTime.ToText(entry.Time), previous);
            sql.Append(CultureInfo.InvariantCulture, $"UPDATE ledger SET payload = '{payload}', prev_hash = '{previous}', entry_hash = '{hash}' WHERE seq = {entry.Sequence};\n");
            previous = hash;
        }

        SqliteConnection.ClearAllPools();
        return sql.ToString();
    }

    /// <summary>Replaces the gate key with a new one and re-signs every checkpoint of the (rewritten) ledger with it, in the table and the log.</summary>
    public async Task ReplaceGateKeyAndResignAsync()
    {
        File.Delete(Data.GateKeyPath);
        File.Delete(Data.GatePublicKeyPath);
        File.Delete(LogPath);
        await Sqlite3Async("DROP TRIGGER checkpoints_no_delete; DELETE FROM checkpoints;");
        using var forgedKey = GateKeyStore.LoadOrCreate(Data);
        using var ledger = ChangeLedger.Open(Data.LedgerPath, TimeProvider.System);
        await ledger.SignCheckpointAsync(forgedKey);
        SqliteConnection.ClearAllPools();
    }

    public Task<ProcessResult> CliAsync(params string[] arguments) =>
        McpGateCli.RunAsync([.. arguments], TimeSpan.FromSeconds(120));

    public async Task<long> CountAsync(string table) =>
        long.Parse(await Sqlite3Async($"SELECT count(*) FROM {table};"), CultureInfo.InvariantCulture);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
