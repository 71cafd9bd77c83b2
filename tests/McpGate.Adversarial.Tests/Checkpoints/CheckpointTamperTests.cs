using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.Adversarial.Tests.Checkpoints;

/// <summary>
/// Someone with write access to the data directory edits the ledger with sqlite3 (dropping the
/// append-only triggers first) or edits the checkpoints; the real <c>mcpgate ledger verify</c>
/// finds each change against the checkpoints the gate signed, or against one an auditor saved,
/// and names where it is. The ledger is left as the attacker left it: verify repairs nothing.
/// </summary>
public sealed class CheckpointTamperTests : IAsyncLifetime
{
    private CheckpointedDataDirectory _data = null!;

    public async Task InitializeAsync() => _data = await CheckpointedDataDirectory.CreateAsync();

    public Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Verify_IntactLedgerAgainstTheSavedCheckpoint_Succeeds()
    {
        var result = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--checkpoint", _data.SavedCheckpoint, "--public-key", _data.SavedPublicKey);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("ledger OK: 12 entries, hash chain intact")
            .And.Contain($"checkpoint OK: the ledger (12 entries) extends {_data.SavedCheckpoint}")
            .And.Contain("checkpoints OK: 2 signed checkpoints (in the ledger and checkpoints.log) verify with mcpgate/");
    }

    public static TheoryData<string, string, string> Truncations => new()
    {
        { "last three entries deleted", "DELETE FROM ledger WHERE seq > 9;", "the ledger has 9 entries, but the checkpoint covers 12: entries 10 to 12 were removed" },
        { "last entry deleted", "DELETE FROM ledger WHERE seq = 12;", "the ledger has 11 entries, but the checkpoint covers 12: entries 12 to 12 were removed" },
        { "every entry deleted", "DELETE FROM ledger;", "the ledger has no entries, but the checkpoint covers 12: all of them were removed" },
        { "every entry and every checkpoint row deleted", "DELETE FROM ledger; DROP TRIGGER checkpoints_no_delete; DELETE FROM checkpoints;", "the ledger has no entries, but the checkpoint covers 12" },
    };

    [Theory]
    [MemberData(nameof(Truncations))]
    public async Task Verify_TruncatedLedger_IsBrokenAgainstTheSavedCheckpoint_AndAgainstTheDataDirectorysOwn(string what, string sql, string expected)
    {
        await _data.Sqlite3Async("DROP TRIGGER ledger_no_delete; " + sql);
        var entriesLeft = await _data.CountAsync("ledger");

        var saved = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--checkpoint", _data.SavedCheckpoint, "--public-key", _data.SavedPublicKey);
        var own = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--json");

        saved.ExitCode.Should().Be(1, what + "\n" + saved);
        saved.StandardOutput.Should().Contain($"ledger BROKEN: {_data.SavedCheckpoint} note 1 (line 1) (tree size 12): {expected}", what);
        own.ExitCode.Should().Be(1, what + "\n" + own);
        own.StandardOutput.Should().Contain("\"succeeded\": false").And.Contain("were removed", "checkpoints.log still holds the checkpoints ({0})", what);
        (await _data.CountAsync("ledger")).Should().Be(entriesLeft, "verify changes nothing");
    }

    [Fact]
    public async Task Verify_WholeChainRewrittenWithRecomputedHashes_IsBroken_EvenWhenTheDataDirectorysCheckpointsAreGone()
    {
        await _data.Sqlite3Async(await _data.RewriteChainSqlAsync(1) + "DROP TRIGGER checkpoints_no_delete; DELETE FROM checkpoints;");
        File.Delete(_data.LogPath);

        var plain = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir);
        var saved = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--checkpoint", _data.SavedCheckpoint);

        plain.ExitCode.Should().Be(0, "with the checkpoints gone from the data directory, nothing there can tell; this is why checkpoints are shipped elsewhere\n" + plain);
        plain.StandardOutput.Should().Contain("checkpoints: none signed yet");
        saved.ExitCode.Should().Be(1, saved.ToString());
        saved.StandardOutput.Should().Contain("hash chain intact: 12 entries", "the rewritten chain is consistent in itself")
            .And.Contain($"ledger BROKEN: {_data.SavedCheckpoint} note 1 (line 1) (tree size 12): the ledger's first 12 entries have the root ")
            .And.Contain("an entry among 1 to 12 was changed, or the whole chain was rewritten with recomputed hashes");
    }

    [Fact]
    public async Task Verify_ChainRewrittenFromEntryFive_NamesEntriesFiveToTwelve()
    {
        await _data.Sqlite3Async(await _data.RewriteChainSqlAsync(5));

        var own = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir);
        var saved = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--checkpoint", _data.SavedLog);

        own.ExitCode.Should().Be(1, own.ToString());
        own.StandardOutput.Should().Contain("entries 1 to 4 still match stored checkpoint #1, so an entry among 5 to 12 was changed");
        saved.ExitCode.Should().Be(1, saved.ToString());
        saved.StandardOutput.Should().Contain($"entries 1 to 4 still match {_data.SavedLog} note 1 (line 1), so an entry among 5 to 12 was changed");
    }

    [Fact]
    public async Task Verify_TwoEntriesReordered_IsBrokenInTheChain_AndStillBrokenWhenTheChainIsRecomputed()
    {
        // Entries 6 and 7 trade places: first as they are, then renumbered and rehashed by a careful attacker.
        const string Swap = "DROP TRIGGER ledger_no_update; UPDATE ledger SET seq = 1000 WHERE seq = 6; UPDATE ledger SET seq = 6 WHERE seq = 7; UPDATE ledger SET seq = 7 WHERE seq = 1000;";
        await _data.Sqlite3Async(Swap);

        var swapped = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir);
        LedgerRewrite.Execute(_data.Data.LedgerPath, "SELECT 1;");
        var rehashed = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--checkpoint", _data.SavedCheckpoint);

        swapped.ExitCode.Should().Be(1, swapped.ToString());
        swapped.StandardOutput.Should().Contain("ledger BROKEN: entry 6: prev_hash does not match entry 5");
        rehashed.ExitCode.Should().Be(1, rehashed.ToString());
        rehashed.StandardOutput.Should().Contain("hash chain intact: 12 entries").And.Contain("an entry among 1 to 12 was changed")
            .And.Contain("entry 6: moves the change from proven, but it was proposed (entry 5)", "the history replay sees the order too");
    }

    [Fact]
    public async Task Verify_ChainRewrittenAndResignedWithANewGateKey_IsBrokenAgainstTheAuditorsPublicKey()
    {
        await _data.Sqlite3Async(await _data.RewriteChainSqlAsync(1));
        await _data.ReplaceGateKeyAndResignAsync();

        var plain = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir);
        var audited = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--checkpoint", _data.SavedCheckpoint, "--public-key", _data.SavedPublicKey);

        plain.ExitCode.Should().Be(0, "the data directory's own key now vouches for the forgery\n" + plain);
        audited.ExitCode.Should().Be(1, audited.ToString());
        audited.StandardOutput.Should().Contain("an entry among 1 to 12 was changed, or the whole chain was rewritten");
    }

    public static TheoryData<string, string, string> StoredCheckpointEdits => new()
    {
        { "signature byte flipped", "UPDATE checkpoints SET note = replace(note, substr(note, -20, 4), 'AAAA') WHERE id = 2;", "stored checkpoint #2 (tree size 12): the signature of mcpgate/" },
        { "root changed in the note and the column", "UPDATE checkpoints SET note = replace(note, root_hash, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), root_hash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' WHERE id = 2;", "stored checkpoint #2 (tree size 12): the signature of mcpgate/" },
        { "tree size changed in the column only", "UPDATE checkpoints SET tree_size = 11 WHERE id = 2;", "stored checkpoint #2: its tree_size or root_hash column differs from its signed note" },
        { "first checkpoint deleted", "DROP TRIGGER checkpoints_no_delete; DELETE FROM checkpoints WHERE id = 1;", "stored checkpoint #1 is missing (the next one is #2): checkpoints were deleted" },
    };

    [Theory]
    [MemberData(nameof(StoredCheckpointEdits))]
    public async Task Verify_StoredCheckpointEdited_IsBrokenNamingIt(string what, string sql, string expected)
    {
        await _data.Sqlite3Async("DROP TRIGGER checkpoints_no_update; " + sql);

        var result = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir);

        result.ExitCode.Should().Be(1, what + "\n" + result);
        result.StandardOutput.Should().Contain("hash chain intact: 12 entries").And.NotContain("ledger OK").And.Contain("ledger BROKEN: " + expected, what);
    }

    public static TheoryData<string, Func<string, string>, string> LogEdits => new()
    {
        { "root byte changed", t => ReplaceLine(t, 8, l => (l[0] == 'A' ? 'B' : 'A') + l[1..]), "checkpoints.log note 2 (line 7) (tree size 12): the signature of mcpgate/" },
        { "tree size lowered", t => ReplaceLine(t, 7, _ => "11"), "checkpoints.log note 2 (line 7) (tree size 11): the signature of mcpgate/" },
        { "signature byte changed", t => ReplaceLine(t, 10, l => l[..^8] + (l[^8] == 'A' ? 'B' : 'A') + l[^7..]), "checkpoints.log note 2 (line 7) (tree size 12): the signature of mcpgate/" },
        { "signature line deleted", t => ReplaceLine(t, 10, _ => null), "checkpoints.log line 11: the note starting at line 7 has no signature line" },
    };

    [Theory]
    [MemberData(nameof(LogEdits))]
    public async Task Verify_CheckpointsLogEdited_IsBrokenNamingTheFileAndTheNote(string what, Func<string, string> edit, string expected)
    {
        var original = await File.ReadAllTextAsync(_data.LogPath);
        await File.WriteAllTextAsync(_data.LogPath, edit(original));

        var result = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir);

        result.ExitCode.Should().Be(1, what + "\n" + result);
        result.StandardOutput.Should().Contain(_data.LogPath).And.Contain(expected, what);
    }

    [Fact]
    public async Task Verify_SavedCheckpointByteFlipped_NamesTheSavedFile()
    {
        var text = await File.ReadAllTextAsync(_data.SavedCheckpoint);
        await File.WriteAllTextAsync(_data.SavedCheckpoint, ReplaceLine(text, 1, _ => "13"));

        var result = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--checkpoint", _data.SavedCheckpoint);

        result.ExitCode.Should().Be(1, result.ToString());
        result.StandardOutput.Should().Contain($"ledger BROKEN: {_data.SavedCheckpoint} note 1 (line 1) (tree size 13): the signature of mcpgate/");
    }

    [Fact]
    public async Task Verify_MissingCheckpointFileOrKey_IsAnInputError()
    {
        var noFile = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--checkpoint", _data.Temp("nope.txt"));
        var noKey = await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir, "--checkpoint", _data.SavedCheckpoint, "--public-key", _data.Temp("nope.pem"));

        noFile.ExitCode.Should().Be(2, noFile.ToString());
        noFile.StandardError.Should().Contain($"--checkpoint {_data.Temp("nope.txt")}: no such file");
        noKey.ExitCode.Should().Be(2, noKey.ToString());
        noKey.StandardError.Should().Contain($"--public-key {_data.Temp("nope.pem")}: no such file");
    }

    /// <summary>Replaces (or with null, removes) line <paramref name="index"/> (0-based) of a text.</summary>
    private static string ReplaceLine(string text, int index, Func<string, string?> change)
    {
        var lines = text.Split('\n').ToList();
        var changed = change(lines[index]);
        if (changed is null)
        {
            lines.RemoveAt(index);
        }
        else
        {
            lines[index] = changed;
        }

        return string.Join('\n', lines);
    }
}
