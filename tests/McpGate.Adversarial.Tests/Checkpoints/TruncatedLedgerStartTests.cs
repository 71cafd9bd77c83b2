using McpGate.Testing.Files;

namespace McpGate.Adversarial.Tests.Checkpoints;

/// <summary>
/// The real <c>mcpgate serve</c> refuses to start on a ledger that is not an extension of the
/// checkpoints it signed, and leaves the ledger and its checkpoints as it found them: no new
/// checkpoint is signed over the cut.
/// </summary>
public sealed class TruncatedLedgerStartTests : IAsyncLifetime
{
    private CheckpointedDataDirectory _data = null!;

    public async Task InitializeAsync() => _data = await CheckpointedDataDirectory.CreateAsync();

    public Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string, string, string> Cuts => new()
    {
        { "last entries deleted", "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq > 10;", "the ledger has 10 entries, but the checkpoint covers 12: entries 11 to 12 were removed" },
        { "last entries and the checkpoint rows deleted", "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq > 10; DROP TRIGGER checkpoints_no_delete; DELETE FROM checkpoints;", "checkpoints.log note 2 (line 7) (tree size 12): the ledger has 10 entries" },
        { "stored checkpoint rewritten to the cut", "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq > 10; DROP TRIGGER checkpoints_no_update; UPDATE checkpoints SET tree_size = 10 WHERE id = 2;", "stored checkpoint #2: its tree_size or root_hash column differs from its signed note" },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task Serve_LedgerCutBelowItsCheckpoints_RefusesToStart_AndSignsNothing(string what, string sql, string expected)
    {
        await _data.Sqlite3Async(sql);
        var checkpointsBefore = await _data.CountAsync("checkpoints");
        var logBefore = await File.ReadAllTextAsync(_data.LogPath);

        var result = await _data.CliAsync("serve", "--sandbox", "--data-dir", _data.DataDir, "--manifests", RepoPaths.Manifests, "--policies", RepoPaths.Policies);

        result.ExitCode.Should().Be(2, what + "\n" + result);
        result.StandardError.Should().Contain($"ledger {_data.Data.LedgerPath} is not an extension of its signed checkpoints: ")
            .And.Contain(expected, what)
            .And.Contain("the gate does not start on it");
        (await _data.CountAsync("ledger")).Should().Be(10);
        (await _data.CountAsync("checkpoints")).Should().Be(checkpointsBefore);
        (await File.ReadAllTextAsync(_data.LogPath)).Should().Be(logBefore);
    }

    [Fact]
    public async Task Serve_CheckpointsLogEdited_RefusesToStartNamingTheFileAndLine()
    {
        var text = await File.ReadAllTextAsync(_data.LogPath);
        await File.WriteAllTextAsync(_data.LogPath, text.Replace("\n12\n", "\ntwelve\n", StringComparison.Ordinal));

        var result = await _data.CliAsync("serve", "--sandbox", "--data-dir", _data.DataDir, "--manifests", RepoPaths.Manifests, "--policies", RepoPaths.Policies);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain($"ledger checkpoints {_data.LogPath}: {_data.LogPath} line 7: checkpoint line 2 'twelve' is not a tree size");
    }
}
