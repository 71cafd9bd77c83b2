using System.Text.Json.Nodes;

namespace McpGate.Adversarial.Tests.Checkpoints;

/// <summary>
/// <c>mcpgate ledger prove</c> and <c>ledger verify-proof</c> through the real CLI: a proof checks
/// offline with only the gate's public key (the data directory deleted), and every altered part of
/// it is refused, named.
/// </summary>
public sealed class InclusionProofCliTests : IAsyncLifetime
{
    private CheckpointedDataDirectory _data = null!;

    public async Task InitializeAsync() => _data = await CheckpointedDataDirectory.CreateAsync();

    public Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task VerifyProof_ProofOfEntrySix_ChecksOfflineWithOnlyThePublicKey()
    {
        var proofFile = _data.Temp("proof-6.json");
        var prove = await _data.CliAsync("ledger", "prove", "6", "--out", proofFile, "--data-dir", _data.DataDir);
        prove.ExitCode.Should().Be(0, prove.ToString());
        Directory.Delete(_data.DataDir, recursive: true);

        var result = await _data.CliAsync("ledger", "verify-proof", proofFile, "--public-key", _data.SavedPublicKey);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().StartWith("proof OK: entry 6 (proven of chg-b1 at ").And.Contain("is leaf 5 of the 12-entry tree in the checkpoint signed by mcpgate/");
        var proof = JsonNode.Parse(await File.ReadAllTextAsync(proofFile))!;
        proof["treeSize"]!.GetValue<long>().Should().Be(12);
        proof["auditPath"]!.AsArray().Should().HaveCount(4, "a leaf of a 12-leaf tree has 4 siblings on its way up");
        proof["checkpoint"]!.GetValue<string>().Should().Be(await File.ReadAllTextAsync(_data.SavedCheckpoint));
    }

    public static TheoryData<string, Action<JsonObject>, string> Alterations => new()
    {
        { "payload altered", p => p["entry"]!["payload"]!["to"] = "approved", "$.entry: its canonical JSON (RFC 8785) does not hash to $.entryHash: the entry was altered" },
        { "audit path altered", p => p["auditPath"]![2] = Convert.ToBase64String(new byte[32]), "$.auditPath: does not lead from entry 6's leaf to the checkpoint's root" },
        { "proof moved to another index", p => { p["leafIndex"] = 6; }, "$.leafIndex: must be the entry's sequence minus 1 (5)" },
        { "checkpoint's tree size altered", p => p["checkpoint"] = p["checkpoint"]!.GetValue<string>().Replace("\n12\n", "\n13\n", StringComparison.Ordinal), "$.checkpoint: the signature of mcpgate/" },
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public async Task VerifyProof_AlteredProof_IsBrokenNamingTheMember(string what, Action<JsonObject> alter, string expected)
    {
        var proofFile = _data.Temp("proof.json");
        (await _data.CliAsync("ledger", "prove", "6", "--out", proofFile, "--data-dir", _data.DataDir)).ExitCode.Should().Be(0);
        var proof = JsonNode.Parse(await File.ReadAllTextAsync(proofFile))!.AsObject();
        alter(proof);
        await File.WriteAllTextAsync(proofFile, proof.ToJsonString());

        var result = await _data.CliAsync("ledger", "verify-proof", proofFile, "--public-key", _data.SavedPublicKey);

        result.ExitCode.Should().Be(1, what + "\n" + result);
        result.StandardOutput.Should().StartWith($"proof BROKEN: {proofFile}: {expected}", what);
    }

    [Fact]
    public async Task VerifyProof_AnotherGatesKey_IsBroken()
    {
        var proofFile = _data.Temp("proof.json");
        (await _data.CliAsync("ledger", "prove", "1", "--out", proofFile, "--data-dir", _data.DataDir)).ExitCode.Should().Be(0);
        using var other = McpGate.Core.Crypto.Ed25519PrivateKey.Generate();
        var otherKey = _data.Temp("other.pub.pem");
        await File.WriteAllTextAsync(otherKey, other.PublicKey.ToPem());

        var result = await _data.CliAsync("ledger", "verify-proof", proofFile, "--public-key", otherKey);

        result.ExitCode.Should().Be(1, result.ToString());
        result.StandardOutput.Should().Contain("$.checkpoint: its origin 'mcpgate/").And.Contain("is not this gate key's ledger");
    }

    [Fact]
    public async Task Prove_EntryNoCheckpointCoversYet_SignsOneWithTheGateKeyFirst()
    {
        using (var ledger = McpGate.Core.Ledger.ChangeLedger.Open(_data.Data.LedgerPath, TimeProvider.System))
        {
            await McpGate.Testing.Ledger.LedgerHistory.WritePendingChangeAsync(ledger, "chg-late");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var result = await _data.CliAsync("ledger", "prove", "15", "--data-dir", _data.DataDir);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardError.Should().Contain("signed checkpoint #3 of 15 entries to cover entry 15");
        JsonNode.Parse(result.StandardOutput)!["treeSize"]!.GetValue<long>().Should().Be(15);
        (await _data.CountAsync("checkpoints")).Should().Be(3);
        (await _data.CliAsync("ledger", "verify", "--data-dir", _data.DataDir)).ExitCode.Should().Be(0);
    }

    [Theory]
    [InlineData("0", "entry 0: the ledger has entries 1 to 12")]
    [InlineData("13", "entry 13: the ledger has entries 1 to 12")]
    public async Task Prove_NoSuchEntry_IsAnInputError(string entry, string expected)
    {
        var result = await _data.CliAsync("ledger", "prove", entry, "--data-dir", _data.DataDir);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain(expected);
    }

    [Fact]
    public async Task VerifyProof_NotJson_IsBroken_AndAMissingFileIsAnInputError()
    {
        var garbage = _data.Temp("garbage.json");
        await File.WriteAllTextAsync(garbage, "{ not json");

        var broken = await _data.CliAsync("ledger", "verify-proof", garbage, "--public-key", _data.SavedPublicKey);
        var missing = await _data.CliAsync("ledger", "verify-proof", _data.Temp("none.json"), "--public-key", _data.SavedPublicKey);

        broken.ExitCode.Should().Be(1, broken.ToString());
        broken.StandardOutput.Should().StartWith($"proof BROKEN: {garbage}: not JSON");
        missing.ExitCode.Should().Be(2, missing.ToString());
        missing.StandardError.Should().Contain("none.json: no such file");
    }
}
