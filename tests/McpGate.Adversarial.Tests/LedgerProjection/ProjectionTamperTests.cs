using McpGate.Adversarial.Tests.Identities;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.LedgerProjection;

/// <summary>
/// The three attacks on the ledger that used to pass <c>ledger verify</c>, made with the sqlite3
/// binary on a real gate's data directory: a changes row rewritten to "rejected by bob", every
/// entry deleted, and a history with the approval skipped and the chain recomputed. Each is now
/// found by <c>ledger verify</c>, and the row is flagged by <c>approvals show</c>.
/// </summary>
public sealed class ProjectionTamperTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _temp = new("mcpgate-adv-projection-");
    private McpClient _agent = null!;
    private string _changeId = null!;

    private string DataDir => _temp.Combine("data");

    private string LedgerPath => Path.Combine(DataDir, "ledger.db");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var aliceKey = _temp.Combine("alice.pem");
        var (_, alice) = await ApproverKeys.GenerateAsync("alice", aliceKey, "sre");
        var policies = _temp.CopyPolicies(("approvers.yaml", $"approvers:\n{alice}\n"));
        _agent = await McpGateClient.StartAsync(["--sandbox", "--data-dir", DataDir, "--policies", policies, "--agent", "adv-agent", "--log-level", "Warning"], timeout.Token);
        var proposal = await _agent.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 4, ["reason"] = "projection tamper" }, cancellationToken: timeout.Token);
        _changeId = proposal.GetProperty("changeId").GetString()!;
        var approve = await McpGateCli.RunAsync(["approvals", "approve", _changeId, "--key", aliceKey, "--data-dir", DataDir]);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var final = await _agent.CallOkAsync("get_change", new() { ["change_id"] = _changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());
        var intact = await Verify();
        intact.ExitCode.Should().Be(0, intact.ToString());
        intact.StandardOutput.Should().Contain("1 changes replayed, each row agrees with its entries");
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task RowRewrittenAsRejectedByBob_IsFoundByVerifyAndFlaggedByShow()
    {
        await Sqlite($$"""
            UPDATE changes SET state = 'rejected', document = json_set(document,
              '$.state', 'rejected',
              '$.outcome', 'rejected by bob',
              '$.approvals', json('[{"identity":"bob","keyId":"x","decision":"reject","at":"2026-01-01T00:00:00Z","comment":"no"}]'))
            WHERE change_id = '{{_changeId}}';
            """);

        var verify = await Verify();
        var show = await McpGateCli.RunAsync(["approvals", "show", _changeId, "--data-dir", DataDir]);

        verify.ExitCode.Should().Be(1, verify.ToString());
        verify.StandardOutput.Should().Contain($"ledger BROKEN: change \"{_changeId}\": the changes row says state \"rejected\", but its ledger entries end in verified");
        show.ExitCode.Should().Be(1, show.ToString());
        show.StandardError.Should().Contain("disagrees with its ledger entries, so what follows cannot be trusted");
    }

    [Theory]
    [InlineData("DELETE FROM ledger;", "it has a row in the changes table but no ledger entry: its history was deleted")]
    [InlineData("DELETE FROM ledger WHERE seq > (SELECT max(seq) - 3 FROM ledger);", "the changes row says state \"verified\", but its ledger entries end in executing")]
    public async Task EntriesDeleted_AreFoundThoughTheRemainingChainIsIntact(string sql, string expected)
    {
        await Sqlite("DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete; " + sql);

        var verify = await Verify();

        verify.ExitCode.Should().Be(1, verify.ToString());
        verify.StandardOutput.Should().Contain(expected).And.NotContain("ledger OK");
    }

    [Fact]
    public async Task ApprovalSkipped_WithTheWholeChainRecomputed_IsFoundAtThatEntry()
    {
        await Sqlite($$"""
            DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;
            UPDATE ledger SET event_type = 'executing', payload = '{"from":"pending_approval","to":"executing"}'
            WHERE change_id = '{{_changeId}}' AND event_type = 'approved';
            """);
        LedgerRewrite.Rehash(LedgerPath);

        var verify = await Verify();

        verify.ExitCode.Should().Be(1, verify.ToString());
        verify.StandardOutput.Should().MatchRegex(@"ledger BROKEN: change ""chg-[a-z2-7]{12}"": entry \d+: pending_approval -> executing is not a move of the state machine");
    }

    private Task<ProcessResult> Verify() => McpGateCli.RunAsync(["ledger", "verify", "--data-dir", DataDir]);

    private async Task Sqlite(string sql)
    {
        var result = await ProcessRunner.RunAsync("sqlite3", [LedgerPath, sql], TimeSpan.FromSeconds(30));
        result.ExitCode.Should().Be(0, result.ToString());
    }
}
