using McpGate.Testing.Mcp;
using Microsoft.Data.Sqlite;

namespace McpGate.Server.Tests.Tools;

/// <summary>
/// get_change and changes_list through a real MCP client: states and decision reasons as their snake_case
/// names, and a state column edited by hand reported as a damaged ledger (a tool error), the server serving on.
/// </summary>
public sealed class ChangeStateToolTests
{
    [Fact]
    public async Task GetAndListChanges_ShowStateAndDecisionReasonAsSnakeCase_FilterByStateName()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var proposed = await Propose(gate, 3);
        var denied = await Propose(gate, 50);
        var id = proposed.GetProperty("changeId").GetString()!;

        var change = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = id });
        var pending = await gate.Client.CallOkAsync("changes_list", new() { ["state"] = "pending_approval" });
        var refused = await gate.Client.CallToolAsync("changes_list", new Dictionary<string, object?> { ["state"] = "Pending_Approval" });

        change.GetProperty("status").GetString().Should().Be("pending_approval");
        change.GetProperty("policy").GetProperty("decisionReason").GetString().Should().Be("allowed_by_rule");
        denied.GetProperty("status").GetString().Should().Be("denied");
        denied.GetProperty("policy").GetProperty("decisionReason").GetString().Should().Be("constraint_failed");
        pending.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("changeId").GetString()).Should().Equal(id);
        refused.IsError.Should().BeTrue();
        McpGateClient.TextOf(refused).Should().Contain("state: must be one of proposed, proven, denied, pending_approval, approved, waiting, rejected, expired, cancelled, executing, executed, failed, verifying, verified, verification_failed (got \"Pending_Approval\")");
    }

    [Fact]
    public async Task StateColumnEditedByHand_IsAToolErrorNamingTheDamage_AndTheServerServesOn()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var id = (await Propose(gate, 3)).GetProperty("changeId").GetString()!;
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = gate.Harness.Ledger.DatabasePath, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE changes SET state = 'Approved' WHERE change_id = $id;";
            command.Parameters.AddWithValue("$id", id);
            (await command.ExecuteNonQueryAsync()).Should().Be(1);
        }

        var get = await gate.Client.CallToolAsync("get_change", new Dictionary<string, object?> { ["change_id"] = id });
        var list = await gate.Client.CallToolAsync("changes_list", new Dictionary<string, object?>());

        foreach (var result in new[] { get, list })
        {
            result.IsError.Should().BeTrue();
            McpGateClient.TextOf(result).Should().StartWith($"The gate cannot read its ledger: the ledger is damaged: change '{id}' has state \"Approved\" in the changes table, which is not a change state")
                .And.EndWith("Nothing was changed. Tell the operator.");
        }

        var approved = await gate.Client.CallOkAsync("changes_list", new() { ["state"] = "approved" });
        approved.GetProperty("count").GetInt32().Should().Be(0, "'Approved' is not approved: the row is never taken for one");
        (await gate.Harness.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    private static Task<System.Text.Json.JsonElement> Propose(InMemoryGate gate, int replicas) =>
        gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = replicas,
            ["reason"] = "state test",
        });
}
