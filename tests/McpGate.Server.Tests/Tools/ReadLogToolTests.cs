using System.Text;
using System.Text.Json;
using McpGate.Core.Ledger;
using McpGate.Server.Hosting;
using McpGate.Testing.Mcp;
using ModelContextProtocol.Protocol;

namespace McpGate.Server.Tests.Tools;

/// <summary>
/// Read tool calls through a real MCP client and server, recorded in the harness's real SQLite ledger:
/// what is stored for answers, errors and refusals; that writes are not read-logged; that no secret value
/// and no credential passed as an argument reaches the record.
/// </summary>
public sealed class ReadLogToolTests : IAsyncLifetime
{
    private const string SecretValue = "s3cr3t-sandbox-only";
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLWJ5dGVz";
    private const string PrivateKey = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIK3v\n-----END PRIVATE KEY-----";
    private InMemoryGate _gate = null!;

    public async Task InitializeAsync() => _gate = await InMemoryGate.StartAsync(readLog: new ReadLogOptions());

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    [Fact]
    public async Task CallTool_Reads_EachRecordedWithToolRequesterArgumentsSizeAndDuration()
    {
        var pods = await _gate.Client.CallToolAsync("pods_list", new Dictionary<string, object?> { ["namespace"] = "prod" });
        var web = await _gate.Client.CallToolAsync("resources_get", new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web" });
        await _gate.ReadLog!.CompleteAsync();

        var reads = (await _gate.Harness.Ledger.ListReadsAsync(new ReadQuery())).Reverse().ToList();

        reads.Select(r => (r.Tool, r.Requester, r.Arguments, r.Outcome)).Should().Equal(
            ("pods_list", "test-agent", """{"namespace":"prod"}""", ReadRecord.Ok),
            ("resources_get", "test-agent", """{"kind":"deployment","name":"web","namespace":"demo"}""", ReadRecord.Ok));
        reads[0].ResultSize.Should().BeInRange(MinimumSize(pods), WireSize(pods));
        reads[1].ResultSize.Should().BeInRange(MinimumSize(web), WireSize(web));
        reads.Should().OnlyContain(r => r.Duration > TimeSpan.Zero && r.Duration < TimeSpan.FromMinutes(1) && r.ErrorText == null && r.Dropped == 0);
        reads[1].Time.Should().BeOnOrAfter(reads[0].Time);
    }

    public static TheoryData<string, Dictionary<string, object?>, string> FailedReads => new()
    {
        { "get_deployment", new() { ["namespace"] = "demo", ["name"] = "missing" }, "missing" },
        { "get_deployment", new() { ["namespace"] = "Demo!", ["name"] = "web" }, "Invalid arguments for get_deployment" },
        { "secrets_list", new() { ["namespace"] = "prdo" }, "namespace prdo does not exist" },
        { "get_change", new() { ["change_id"] = "chg-aaaaaaaaaaaa" }, "chg-aaaaaaaaaaaa" },
    };

    [Theory]
    [MemberData(nameof(FailedReads))]
    public async Task CallTool_FailedRead_RecordedWithItsErrorOutcome(string tool, Dictionary<string, object?> arguments, string expected)
    {
        var result = await _gate.Client.CallToolAsync(tool, arguments);
        await _gate.ReadLog!.CompleteAsync();

        result.IsError.Should().BeTrue();
        var read = (await _gate.Harness.Ledger.ListReadsAsync(new ReadQuery())).Should().ContainSingle().Subject;
        read.Tool.Should().Be(tool);
        read.Outcome.Should().Be(ReadRecord.Error);
        read.ErrorText.Should().Contain(expected);
        McpGateClient.TextOf(result).Should().StartWith(read.ErrorText!.TrimEnd('…'));
        read.ResultSize.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task CallTool_Write_IsNotReadLogged()
    {
        var result = await _gate.Client.CallToolAsync("scale_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 3, ["reason"] = "load" });
        await _gate.ReadLog!.CompleteAsync();

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        (await _gate.Harness.Ledger.ListReadsAsync(new ReadQuery())).Should().BeEmpty();
    }

    [Fact]
    public async Task CallTool_SecretReads_NoValueReachesTheReadLog()
    {
        await _gate.Client.CallToolAsync("secrets_list", new Dictionary<string, object?> { ["namespace"] = "prod" });
        await _gate.Client.CallToolAsync("resources_get", new Dictionary<string, object?> { ["kind"] = "secret", ["namespace"] = "prod", ["name"] = "db-credentials" });
        await _gate.Client.CallToolAsync("resources_describe", new Dictionary<string, object?> { ["kind"] = "secret", ["namespace"] = "prod", ["name"] = "db-credentials" });
        await _gate.ReadLog!.CompleteAsync();

        var rows = await AllReadLogTextAsync();
        rows.Should().HaveCount(3);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretValue));
        string.Join("\n", rows).Should().NotContain(SecretValue).And.NotContain(encoded).And.NotContain(encoded[..12]);
    }

    public static TheoryData<string, Dictionary<string, object?>> CredentialArguments => new()
    {
        { "secrets_list", new() { ["namespace"] = "prod", ["continue"] = Jwt } },
        { "secrets_list", new() { ["namespace"] = "prod", ["label_selector"] = PrivateKey } },
        { "secrets_list", new() { ["namespace"] = "prod", ["token"] = "Bearer " + Jwt } },
        { "pods_list", new() { ["namespace"] = "prod", ["extra"] = new Dictionary<string, object?> { ["nested"] = new[] { Jwt } } } },
        { "get_change", new() { ["change_id"] = Jwt } },
    };

    [Theory]
    [MemberData(nameof(CredentialArguments))]
    public async Task CallTool_CredentialInAnArgument_RecordedRedacted(string tool, Dictionary<string, object?> arguments)
    {
        await _gate.Client.CallToolAsync(tool, arguments);
        await _gate.ReadLog!.CompleteAsync();

        var rows = await AllReadLogTextAsync();
        rows.Should().ContainSingle();
        rows[0].Should().Contain(tool).And.Contain("<redacted").And.NotContain("BEGIN PRIVATE KEY").And.NotContain("c2lnbmF0dXJlLWJ5dGVz").And.NotContain("MC4CAQAwBQYDK2VwBCIEIK3v");
    }

    [Fact]
    public async Task CallTool_ManyParallelReads_AllRecordedOnce()
    {
        var calls = Enumerable.Range(0, 40).Select(i => _gate.Client.CallToolAsync("namespaces_list", new Dictionary<string, object?>()).AsTask());
        var results = await Task.WhenAll(calls);
        await _gate.ReadLog!.CompleteAsync();

        results.Should().OnlyContain(r => r.IsError != true);
        var reads = await _gate.Harness.Ledger.ListReadsAsync(new ReadQuery());
        reads.Should().HaveCount(40).And.OnlyContain(r => r.Tool == "namespaces_list" && r.Outcome == ReadRecord.Ok);
        reads.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        (await _gate.Harness.Ledger.ReadEntriesAsync()).Should().BeEmpty("reads are not entries of the ledger");
    }

    /// <summary>The result's text and structured content alone: what its JSON holds at least.</summary>
    private static long MinimumSize(CallToolResult result) =>
        Encoding.UTF8.GetByteCount(McpGateClient.TextOf(result)) + Encoding.UTF8.GetByteCount(result.StructuredContent!.Value.GetRawText());

    /// <summary>The result as the client serializes it back (the client adds fields the server never sent).</summary>
    private static long WireSize(CallToolResult result) =>
        JsonSerializer.SerializeToUtf8Bytes(result, ModelContextProtocol.McpJsonUtilities.DefaultOptions).Length;

    /// <summary>Every column of every row of the read log, as text, read from the file directly.</summary>
    private async Task<List<string>> AllReadLogTextAsync()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_gate.Harness.Ledger.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id || '|' || time || '|' || tool || '|' || requester || '|' || arguments || '|' || result_size || '|' || outcome || '|' || coalesce(error, '') FROM reads;";
        var rows = new List<string>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
