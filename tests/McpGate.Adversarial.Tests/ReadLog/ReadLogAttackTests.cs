using System.Text;
using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.ReadLog;

/// <summary>
/// An agent against the read log, through the real <c>mcpgate serve --sandbox</c> process: credentials
/// smuggled in arguments (values, names, nesting, spellings), a claimed identity, a flood of parallel and
/// oversized reads. After a graceful stop, the read log in the real SQLite file is checked, and so are the
/// database's bytes on disk.
/// </summary>
public sealed class ReadLogAttackTests : IDisposable
{
    private const string Agent = "adv-reader";

    /// <summary>The longest arguments stored as they are (ReadRecords.MaxArgumentsLength); longer ones become a short summary.</summary>
    private const int ReadRecordsLimit = 4096;
    private const string JwtSignature = "c2lnbmF0dXJlLWJ5dGVzLXJlYWRsb2c";
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ." + JwtSignature;
    private const string PemBody = "MC4CAQAwBQYDK2VwBCIEIReadLogAttackPemBody";
    private const string Pem = "-----BEGIN PRIVATE KEY-----" + PemBody + "-----END PRIVATE KEY-----";
    private const string RsaPem = "-----BEGIN RSA PRIVATE KEY-----" + PemBody + "-----END RSA PRIVATE KEY-----";
    private readonly TempDirectory _temp = new("mcpgate-adv-readlog-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private string LedgerPath => _temp.Combine("data", "ledger.db");

    public static TheoryData<string, Dictionary<string, object?>> Smuggled => new()
    {
        { "pods_list", new() { ["namespace"] = "prod", ["label_selector"] = Jwt } },
        { "pods_list", new() { ["namespace"] = "prod", ["label_selector"] = "app=" + Jwt + ",tier=web" } },
        { "secrets_list", new() { ["namespace"] = "prod", ["continue"] = Jwt } },
        { "secrets_list", new() { ["namespace"] = "prod", ["label_selector"] = Pem } },
        { "secrets_list", new() { ["namespace"] = "prod", ["label_selector"] = RsaPem } },
        { "pods_list", new() { ["namespace"] = "prod", [Jwt] = "x" } },
        { "pods_list", new() { ["namespace"] = "prod", ["auth"] = new Dictionary<string, object?> { [Jwt] = new object?[] { Pem, new Dictionary<string, object?> { ["t"] = "Bearer " + Jwt } } } } },
        { "get_change", new() { ["change_id"] = Jwt } },
        { "namespaces_list", new() { ["x"] = new string('a', 5000) + Jwt } },
    };

    [Fact]
    public async Task Arguments_CarryingCredentials_NeverReachTheReadLogOrTheFile()
    {
        var sent = 0;
        await using (var client = await StartAsync())
        {
            foreach (var row in Smuggled)
            {
                await client.CallToolAsync((string)row[0], (Dictionary<string, object?>)row[1]);
                sent++;
            }
        }

        var reads = await ReadsAsync();
        reads.Should().HaveCount(sent, "every call reached a tool and was recorded, answered or refused");
        foreach (var read in reads)
        {
            var text = $"{read.Tool}|{read.Arguments}|{read.ErrorText}";
            text.Should().NotContain(JwtSignature).And.NotContain(PemBody).And.NotContain("eyJzdWIi");
        }

        reads.Where(r => r.Arguments.Contains("label_selector", StringComparison.Ordinal)).Should().OnlyContain(r => r.Arguments.Contains("<redacted", StringComparison.Ordinal));
        foreach (var file in new[] { LedgerPath, LedgerPath + "-wal" }.Where(File.Exists))
        {
            var bytes = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            bytes.Should().NotContain(JwtSignature, file).And.NotContain(PemBody, file);
        }
    }

    [Fact]
    public async Task Requester_ClaimedInArguments_IsRecordedAsTheGatesAgent()
    {
        await using (var client = await StartAsync())
        {
            await client.CallToolAsync("pods_list", new Dictionary<string, object?> { ["namespace"] = "prod", ["requester"] = "alice" });
            await client.CallToolAsync("changes_list", new Dictionary<string, object?> { ["requester"] = "alice" });
            await client.CallToolAsync("namespaces_list", new Dictionary<string, object?> { ["agent"] = "alice", ["_meta"] = new Dictionary<string, object?> { ["requester"] = "alice" } });
        }

        var reads = await ReadsAsync();
        reads.Should().HaveCount(3).And.OnlyContain(r => r.Requester == Agent);
    }

    [Fact]
    public async Task Flood_ParallelAndOversizedReads_EveryOneAnsweredAndAccountedFor()
    {
        const int parallel = 200;
        const int oversized = 5;
        var huge = new string('n', 20_000);
        await using (var client = await StartAsync())
        {
            var calls = Enumerable.Range(0, parallel)
                .Select(_ => client.CallToolAsync("namespaces_list", new Dictionary<string, object?>()).AsTask())
                .Concat(Enumerable.Range(0, oversized).Select(_ => client.CallToolAsync("pods_list", new Dictionary<string, object?> { ["namespace"] = "prod", ["label_selector"] = huge }).AsTask()));
            var results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromMinutes(3));
            results.Where(r => r.IsError != true).Should().HaveCountGreaterThanOrEqualTo(parallel);
        }

        var reads = await ReadsAsync();
        (reads.Count(r => r.Outcome != ReadRecord.DroppedMarker) + reads.Sum(r => r.Dropped)).Should().Be(parallel + oversized);
        reads.Count(r => r.Tool == "namespaces_list").Should().Be(parallel, "a queue of 4096 holds them all");
        var large = reads.Where(r => r.Tool == "pods_list").ToList();
        large.Should().HaveCount(oversized).And.OnlyContain(r => r.Arguments.Length <= ReadRecordsLimit && r.Arguments.Contains("$omitted", StringComparison.Ordinal));
    }

    private async Task<McpClient> StartAsync() => await McpGateClient.StartAsync(
        ["--sandbox", "--data-dir", _temp.Combine("data"), "--policies", _temp.CopyPolicies(), "--agent", Agent, "--log-level", "Warning"]);

    private async Task<IReadOnlyList<ReadRecord>> ReadsAsync()
    {
        using var ledger = ChangeLedger.Open(LedgerPath, TimeProvider.System);
        return await ledger.ListReadsAsync(new ReadQuery());
    }
}
