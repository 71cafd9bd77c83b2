using System.Text.Json;

namespace McpGate.Adversarial.Tests.Terminal;

/// <summary>One damaged change row is marked as damaged; the others are still listed and shown.</summary>
public sealed class DamagedRowTests
{
    private const string NoKeyId = "chg-damagedaaaaa";
    private const string NotJson = "chg-brokenjsonaa";
    private const string WrongType = "chg-wrongtypeaaa";

    [Fact]
    public async Task ListAndShow_WithDamagedRows_MarkThemAndShowTheOthers_Exit1()
    {
        await using var gate = await TerminalGate.StartAsync();
        var good = await gate.Harness.ProposeScaleAsync(4);
        var other = await gate.Harness.ProposeScaleAsync(5, name: "api");
        await gate.SqlAsync($$"""
            INSERT INTO changes (change_id, state, document, created_at, updated_at)
              SELECT '{{NoKeyId}}', state, json_set(document, '$.id', '{{NoKeyId}}', '$.approvals',
                json('[{"identity":"alice","decision":"approve","at":"2026-01-01T00:00:00Z"}]')), created_at, updated_at
              FROM changes WHERE change_id = '{{good.Id}}';
            INSERT INTO changes (change_id, state, document, created_at, updated_at)
              SELECT '{{NotJson}}', state, '{"id": "{{NotJson}}", "reason": "trunc', created_at, updated_at
              FROM changes WHERE change_id = '{{good.Id}}';
            INSERT INTO changes (change_id, state, document, created_at, updated_at)
              SELECT '{{WrongType}}', 'failed', json_set(document, '$.id', '{{WrongType}}', '$.diff', 42, '$.outcome', 'x' || char(27) || '[2J'), created_at, updated_at
              FROM changes WHERE change_id = '{{good.Id}}';
            """);

        var list = await gate.ListAllAsync();
        var pending = await TerminalGate.CliAsync(["approvals", "list", "--data-dir", gate.DataDir]);
        var json = await gate.ListAllAsync("--json");
        var showGood = await gate.ShowAsync(good.Id);
        var showNoKeyId = await gate.ShowAsync(NoKeyId);
        var showNotJson = await gate.ShowAsync(NotJson);
        var showWrongType = await gate.ShowAsync(WrongType, "--json");
        var approve = await gate.DecideAsync("approve", good.Id, "alice");

        list.ExitCode.Should().Be(1, list.ToString());
        list.StandardOutput.Should().Contain(good.Id).And.Contain(other.Id).And.Contain(NoKeyId).And.Contain(NotJson).And.Contain(WrongType).And.Contain("DAMAGED");
        list.StandardError.Should().Contain("3 change row(s) damaged");
        pending.ExitCode.Should().Be(1, pending.ToString());
        pending.StandardOutput.Should().Contain(good.Id).And.Contain(other.Id).And.Contain(NoKeyId).And.NotContain(WrongType);
        json.ExitCode.Should().Be(1, json.ToString());
        var rows = JsonDocument.Parse(json.StandardOutput).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        rows.Keys.Should().BeEquivalentTo([good.Id, other.Id, NoKeyId, NotJson, WrongType]);
        rows[NoKeyId].GetProperty("damaged").GetString().Should().Contain("keyId");
        rows[NotJson].TryGetProperty("damaged", out _).Should().BeTrue();
        rows[good.Id].TryGetProperty("damaged", out _).Should().BeFalse();
        showGood.ExitCode.Should().Be(0, showGood.ToString());
        showGood.StandardOutput.Should().Contain("signature verified");
        showNoKeyId.ExitCode.Should().Be(1, showNoKeyId.ToString());
        showNoKeyId.StandardOutput.Should().Contain("DAMAGED").And.Contain("keyId").And.Contain("demo/web");
        showNotJson.ExitCode.Should().Be(1, showNotJson.ToString());
        showNotJson.StandardOutput.Should().Contain("DAMAGED");
        showWrongType.ExitCode.Should().Be(1, showWrongType.ToString());
        JsonDocument.Parse(showWrongType.StandardOutput).RootElement.GetProperty("damaged").GetString().Should().NotBeNullOrEmpty();
        approve.ExitCode.Should().Be(0, approve.ToString());
        foreach (var run in new[] { list, pending, json, showGood, showNoKeyId, showNotJson, showWrongType, approve })
        {
            TerminalGate.ShouldBeTerminalSafe(run);
        }
    }
}
