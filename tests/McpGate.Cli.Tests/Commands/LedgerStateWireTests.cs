using System.Text.Json.Nodes;
using McpGate.Testing.Engine;
using McpGate.Testing.Processes;
using Microsoft.Data.Sqlite;

namespace McpGate.Cli.Tests.Commands;

/// <summary>
/// The real mcpgate process on a real ledger: states and decision reasons are printed as their snake_case
/// names, and a state or document edited by hand in the SQLite file is a damaged ledger (ledger verify
/// names it, the other commands say so in one line, exit 1), never a stack trace.
/// </summary>
public sealed class LedgerStateWireTests
{
    public static TheoryData<string> EditedStates => new() { "Pending_Approval", "PENDING_APPROVAL", "pending_approval ", "on_hold", "" };

    [Fact]
    public async Task ApprovalsJson_StateAndDecisionReason_AreTheSnakeCaseNames()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var data = Path.GetDirectoryName(h.Ledger.DatabasePath)!;

        var list = await McpGateCli.RunAsync(["approvals", "list", "--data-dir", data, "--json"]);
        var show = await McpGateCli.RunAsync(["approvals", "show", change.Id, "--data-dir", data, "--json"]);

        list.ExitCode.Should().Be(0, list.ToString());
        var row = JsonNode.Parse(list.StandardOutput)!.AsArray().Single()!;
        row["state"]!.GetValue<string>().Should().Be("pending_approval");
        row["policy"]!["decisionReason"]!.GetValue<string>().Should().Be("allowed_by_rule");
        show.ExitCode.Should().Be(0, show.ToString());
        var shown = JsonNode.Parse(show.StandardOutput)!;
        shown["state"]!.GetValue<string>().Should().Be("pending_approval");
        shown["policy"]!["decisionReason"]!.GetValue<string>().Should().Be("allowed_by_rule");
        shown["proofVerified"]!.GetValue<bool>().Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(EditedStates))]
    public async Task StateColumnEditedByHand_VerifyNamesIt_OtherCommandsRefuseInOneLine(string text)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var data = Path.GetDirectoryName(h.Ledger.DatabasePath)!;
        await EditAsync(h.Ledger.DatabasePath, "UPDATE changes SET state = $value WHERE change_id = $id;", change.Id, text);

        var verify = await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", data]);
        var verifyJson = await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", data, "--json"]);
        var list = await McpGateCli.RunAsync(["approvals", "list", "--all", "--data-dir", data]);
        var show = await McpGateCli.RunAsync(["approvals", "show", change.Id, "--data-dir", data]);

        verify.ExitCode.Should().Be(1, verify.ToString());
        verify.StandardOutput.Should().Contain($"ledger BROKEN: change \"{change.Id}\": state \"{text}\" in the changes table is not a change state");
        verifyJson.ExitCode.Should().Be(1, verifyJson.ToString());
        JsonNode.Parse(verifyJson.StandardOutput)!["succeeded"]!.GetValue<bool>().Should().BeFalse();
        foreach (var run in new[] { list, show })
        {
            run.ExitCode.Should().Be(1, run.ToString());
            run.StandardError.Trim().Should().Be($"mcpgate: the ledger is damaged: change '{change.Id}' has state \"{text}\" in the changes table, which is not a change state "
                + "(one of proposed, proven, denied, pending_approval, approved, waiting, rejected, expired, cancelled, executing, executed, failed, verifying, verified, verification_failed, spelled exactly); "
                + "run 'mcpgate ledger verify' and restore the ledger from a backup");
            run.StandardOutput.Should().BeEmpty();
        }
    }

    [Theory]
    [MemberData(nameof(EditedStates))]
    public async Task DocumentStateEditedByHand_RowIsShownDamagedNamingTheField(string text)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        var data = Path.GetDirectoryName(h.Ledger.DatabasePath)!;
        await EditAsync(h.Ledger.DatabasePath, "UPDATE changes SET document = json_set(document, '$.state', $value) WHERE change_id = $id;", change.Id, text);

        var list = await McpGateCli.RunAsync(["approvals", "list", "--data-dir", data, "--json"]);
        var verify = await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", data]);

        list.ExitCode.Should().Be(1, "a damaged row is reported: " + list);
        var row = JsonNode.Parse(list.StandardOutput)!.AsArray().Single()!;
        row["state"]!.GetValue<string>().Should().Be("pending_approval", "the state column is intact");
        row["damaged"]!.GetValue<string>().Should().StartWith($"damaged change document: $.state: \"{text}\" is not a ChangeState");
        verify.ExitCode.Should().Be(1, "the chain and the state column are intact, but the row no longer says what its entries say: " + verify);
        verify.StandardOutput.Should().Contain($"ledger BROKEN: change \"{change.Id}\": the changes row's document cannot be read");
    }

    private static async Task EditAsync(string databasePath, string sql, string changeId, string value)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", changeId);
        command.Parameters.AddWithValue("$value", value);
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }
}
