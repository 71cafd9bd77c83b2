using System.Text.Json.Nodes;
using McpGate.Testing.Engine;
using McpGate.Testing.Processes;
using Microsoft.Data.Sqlite;

namespace McpGate.Cli.Tests.Commands;

/// <summary>
/// <c>ledger verify</c> on a ledger file with a damaged page: one <c>ledger BROKEN</c> line that
/// says the file is damaged and where, exit 1 like any other broken ledger, never SQLite's raw
/// error with the usage-error exit code.
/// </summary>
public sealed class LedgerDamageTests
{
    [Theory]
    [InlineData("ledger", "while the ledger was read", false)]
    [InlineData("changes", "while the ledger was read", false)]
    [InlineData("ledger_by_change", "after the hash chain passed", true)]
    public async Task Verify_DamagedPage_IsABrokenLedgerNamedInOneLine(string tableOrIndex, string where, bool chainPassed)
    {
        await using var h = await GateHarness.StartAsync();
        for (var replicas = 4; replicas < 10; replicas++)
        {
            await h.ProposeScaleAsync(replicas, name: replicas % 2 == 0 ? "web" : "api");
        }

        var data = Path.GetDirectoryName(h.Ledger.DatabasePath)!;
        await DamageRootPageAsync(h.Ledger.DatabasePath, tableOrIndex);

        var verify = await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", data]);
        var json = await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", data, "--json"]);

        verify.ExitCode.Should().Be(1, verify.ToString());
        verify.StandardError.Should().BeEmpty();
        verify.StandardOutput.Should().Contain($"ledger BROKEN: the file is damaged: SQLite cannot read part of it {where} (")
            .And.Contain("restore the ledger from a backup").And.NotContain("SQLite Error").And.NotContain("ledger OK");
        verify.StandardOutput.Contains("hash chain intact:", StringComparison.Ordinal).Should().Be(chainPassed);
        json.ExitCode.Should().Be(1, json.ToString());
        var report = JsonNode.Parse(json.StandardOutput)!;
        report["succeeded"]!.GetValue<bool>().Should().BeFalse();
        report["failure"]!.GetValue<string>().Should().StartWith("the file is damaged");
    }

    /// <summary>Moves the WAL into the file, then overwrites the root b-tree page of a table or index (<paramref name="name"/>).</summary>
    private static async Task DamageRootPageAsync(string databasePath, string name)
    {
        long rootPage;
        long pageSize;
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync();
            command.CommandText = "PRAGMA page_size;";
            pageSize = (long)(await command.ExecuteScalarAsync())!;
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = $name;";
            command.Parameters.AddWithValue("$name", name);
            rootPage = (long)(await command.ExecuteScalarAsync())!;
        }

        SqliteConnection.ClearAllPools();
        await using var file = new FileStream(databasePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        file.Position = (rootPage - 1) * pageSize;
        await file.WriteAsync(Enumerable.Repeat((byte)0xff, (int)pageSize).ToArray());
    }
}
