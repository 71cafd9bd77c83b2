using System.Text.Json.Nodes;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Client;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// The read log end to end: <c>mcpgate serve --sandbox</c> as a process, a real MCP client, a graceful stop,
/// then <c>mcpgate audit reads</c> on the data directory; and the policy switch that turns recording off.
/// </summary>
public sealed class ReadLogTests : IDisposable
{
    private const string Agent = "reader-agent";
    private readonly TempDirectory _temp = new("mcpgate-reads-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task Serve_ReadsThenStop_EveryReadIsRecorded_AndAuditReadsFiltersThem()
    {
        await ReadThenStopAsync(_temp.CopyPolicies());

        var all = await ReadsAsync();
        all.Select(r => (r["tool"]!.GetValue<string>(), r["outcome"]!.GetValue<string>())).Should().Equal(
            ("secrets_list", "ok"), ("get_deployment", "error"), ("pods_list", "ok"));
        all.Should().OnlyContain(r => r["requester"]!.GetValue<string>() == Agent && r["resultSize"]!.GetValue<long>() > 0 && r["durationMs"]!.GetValue<double>() >= 0);
        all[2]["arguments"]!.ToJsonString().Should().Be("""{"namespace":"prod"}""");
        all[1]["error"]!.GetValue<string>().Should().Contain("missing");
        (await ReadsAsync("--tool", "pods_list")).Should().ContainSingle();
        (await ReadsAsync("--requester", "READER-AGENT")).Should().HaveCount(3, "identities are compared in canonical form");
        (await ReadsAsync("--requester", "someone-else")).Should().BeEmpty();
        (await ReadsAsync("--limit", "1")).Should().ContainSingle().Which["tool"]!.GetValue<string>().Should().Be("secrets_list");
        (await ReadsAsync("--since", "2999-01-01T00:00:00Z")).Should().BeEmpty();
        (await ReadsAsync("--since", "1h", "--until", "2999-01-01T00:00:00Z")).Should().HaveCount(3);
        var table = await McpGateCli.RunAsync(["audit", "reads", "--data-dir", DataDir]);
        table.ExitCode.Should().Be(0, table.ToString());
        table.StandardOutput.Should().Contain("TOOL").And.Contain("pods_list").And.Contain("error: ").And.Contain(Agent);
        (await McpGateCli.RunAsync(["ledger", "verify", "--data-dir", DataDir])).ExitCode.Should().Be(0, "reads are beside the chain, not in it");
    }

    [Fact]
    public async Task Serve_PolicyTurnsRecordingOff_NoReadIsRecorded()
    {
        var policies = _temp.CopyPolicies(("audit.yaml", "audit:\n  recordReads: false\n"));
        await ReadThenStopAsync(policies);

        (await ReadsAsync()).Should().BeEmpty();
        var check = await McpGateCli.RunAsync(["policy", "check", policies]);
        check.StandardOutput.Should().Contain("reads recorded: no (audit.recordReads: false at ");
    }

    [Fact]
    public async Task AuditReads_UntrustedTextInARow_IsEscapedInTheTable()
    {
        await ReadThenStopAsync(_temp.CopyPolicies());
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "ledger.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO reads (time, tool, requester, arguments, result_size, duration_ms, outcome) VALUES ('2999-01-01T00:00:00.000Z', 'evil', 'x', '{\"a\":\"' || char(27) || ']52;c;cm0gLXJmIH4=' || char(7) || '\"}', 1, 1, 'ok');";
            command.ExecuteNonQuery();
        }

        var table = await McpGateCli.RunAsync(["audit", "reads", "--data-dir", DataDir, "--tool", "evil"]);

        table.ExitCode.Should().Be(0, table.ToString());
        table.StandardOutput.Should().Contain("evil").And.NotContain("\u001b").And.NotContain("\u0007");
    }

    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["--limit", "0"], "--limit: \"0\" must be a whole number" },
        { ["--limit", "ten"], "--limit:" },
        { ["--since", "yesterday"], "--since: \"yesterday\" must be an ISO 8601 time" },
        { ["--until", "2026-13-01T00:00:00Z"], "--until:" },
        { ["--tool", "Pods List"], "--tool: \"Pods List\" is not a tool name" },
        { ["--requester", "a b"], "--requester:" },
        { ["--since", "1h", "--until", "2h"], "--since" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task AuditReads_BadOption_ExitTwoNamingIt(string[] options, string expected)
    {
        Directory.CreateDirectory(DataDir);
        using (McpGate.Core.Ledger.ChangeLedger.Open(Path.Combine(DataDir, "ledger.db"), TimeProvider.System))
        {
            // An empty, current ledger: the options are refused before it is read.
        }

        var run = await McpGateCli.RunAsync(["audit", "reads", "--data-dir", DataDir, .. options]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain(expected);
        run.StandardOutput.Should().BeEmpty();
    }

    private async Task ReadThenStopAsync(string policies)
    {
        await using (var client = await McpGateClient.StartAsync(["--sandbox", "--data-dir", DataDir, "--policies", policies, "--agent", Agent, "--log-level", "Warning"]))
        {
            await client.CallOkAsync("pods_list", new() { ["namespace"] = "prod" });
            (await client.CallToolAsync("get_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "missing" })).IsError.Should().BeTrue();
            await client.CallOkAsync("secrets_list", new() { ["namespace"] = "prod" });
        }
    }

    private async Task<List<JsonNode>> ReadsAsync(params string[] filter)
    {
        var run = await McpGateCli.RunAsync(["audit", "reads", "--data-dir", DataDir, "--json", .. filter]);
        run.ExitCode.Should().Be(0, run.ToString());
        return [.. JsonNode.Parse(run.StandardOutput)!.AsArray().Select(n => n!)];
    }
}
