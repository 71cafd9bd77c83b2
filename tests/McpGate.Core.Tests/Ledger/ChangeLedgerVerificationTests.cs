using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Testing.Time;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Tests.Ledger;

public sealed class ChangeLedgerVerificationTests : IDisposable
{
    private const string DropTriggers = "DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;";

    private readonly LedgerTestDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(LedgerTestDirectory.Start);
    private readonly ChangeLedger _ledger;

    public ChangeLedgerVerificationTests() => _ledger = ChangeLedger.Open(_directory.DatabasePath, _clock);

    public void Dispose()
    {
        _ledger.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task VerifyAsync_EmptyLedger_Succeeds()
    {
        (await _ledger.VerifyAsync()).Should().Be(new LedgerVerification { Succeeded = true, EntriesChecked = 0 });
    }

    [Fact]
    public async Task VerifyAsync_IntactLedger_SucceedsCheckingEveryEntry()
    {
        await WriteFiveEntriesAsync();

        (await _ledger.VerifyAsync()).Should().Be(new LedgerVerification { Succeeded = true, EntriesChecked = 5 });
    }

    public static TheoryData<string, long, string> Tampering => new()
    {
        { "UPDATE ledger SET payload = '{\"replicas\":50}' WHERE seq = 3;", 3, "entry 3: entry_hash does not match its content" },
        { "UPDATE ledger SET entry_hash = 'sha256:' || lower(hex(randomblob(32))) WHERE seq = 3;", 3, "entry 3: entry_hash does not match its content" },
        { "UPDATE ledger SET event_type = 'change.approved' WHERE seq = 2;", 2, "entry 2: entry_hash does not match its content" },
        { "UPDATE ledger SET change_id = 'chg-2' WHERE seq = 4;", 4, "entry 4: entry_hash does not match its content" },
        { "UPDATE ledger SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 5;", 5, "entry 5: entry_hash does not match its content" },
        { "UPDATE ledger SET prev_hash = (SELECT entry_hash FROM ledger WHERE seq = 1) WHERE seq = 3;", 3, "entry 3: prev_hash does not match entry 2" },
        { "UPDATE ledger SET prev_hash = 'sha256:' || lower(hex(zeroblob(32))) WHERE seq = 1;", 1, "entry 1: prev_hash is not the hash of the empty string" },
        { "DELETE FROM ledger WHERE seq = 3;", 3, "entry 3 missing (gap after 2)" },
        { "DELETE FROM ledger WHERE seq = 1;", 1, "entry 1 missing (the ledger starts at entry 2)" },
        { "UPDATE ledger SET payload = '{ \"replicas\": 3 }' WHERE seq = 3;", 3, "entry 3: payload is not in canonical form" },
        { "UPDATE ledger SET payload = '{\"a\":1,\"a\":2}' WHERE seq = 3;", 3, "entry 3: payload is not valid canonical JSON*" },
        { "UPDATE ledger SET payload = '{\"note\":\"\\ud800\"}' WHERE seq = 3;", 3, "entry 3: payload is not valid canonical JSON*not valid UTF-16*" },
        { "UPDATE ledger SET payload = '{\"\\udc00\":1}' WHERE seq = 3;", 3, "entry 3: payload is not valid canonical JSON*not valid UTF-16*" },
        { "UPDATE ledger SET payload = '{\"replicas\":3.0}' WHERE seq = 3;", 3, "entry 3: payload is not in canonical form" },
        { "UPDATE ledger SET payload = '{\"b\":1,\"a\":2}' WHERE seq = 3;", 3, "entry 3: payload is not in canonical form" },
        { "UPDATE ledger SET time = '2026-01-02 03:04:05' WHERE seq = 2;", 2, "entry 2: time '2026-01-02 03:04:05' is not RFC 3339 UTC with milliseconds" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task VerifyAsync_TamperedRow_FailsNamingFirstBadEntry(string tamper, long firstBad, string failure)
    {
        await WriteFiveEntriesAsync();
        _directory.Execute(DropTriggers + tamper);

        var result = await _ledger.VerifyAsync();

        result.Succeeded.Should().BeFalse();
        result.FirstBadSequence.Should().Be(firstBad);
        result.EntriesChecked.Should().Be(firstBad - 1);
        result.Failure.Should().Match(failure);
    }

    [Fact]
    public async Task VerifyAsync_EntryRewrittenWithValidHash_FailsAtNextEntry()
    {
        await WriteFiveEntriesAsync();
        var entry = (await _ledger.ReadEntriesAsync(afterSequence: 2))[0];
        const string forgedPayload = """{"replicas":50}""";
        var forgedHash = LedgerEntryHash.Compute(3, entry.ChangeId, entry.EventType, forgedPayload, "2026-01-02T03:04:05.678Z", entry.PreviousHash);
        _directory.Execute(DropTriggers +
            $"UPDATE ledger SET payload = '{forgedPayload}', time = '2026-01-02T03:04:05.678Z', entry_hash = '{forgedHash}' WHERE seq = 3;");

        var result = await _ledger.VerifyAsync();

        result.Should().Be(new LedgerVerification
        {
            Succeeded = false,
            EntriesChecked = 3,
            FirstBadSequence = 4,
            Failure = "entry 4: prev_hash does not match entry 3",
        });
    }

    [Fact]
    public async Task VerifyAsync_TamperedWithSqliteCli_FailsNamingFirstBadEntry()
    {
        await WriteFiveEntriesAsync();
        File.Exists("/usr/bin/sqlite3").Should().BeTrue("this test needs the sqlite3 CLI (.ci/run installs it: apt-get install sqlite3)");

        using (var cli = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/sqlite3", [_directory.DatabasePath, DropTriggers + "DELETE FROM ledger WHERE seq = 4;"])
        {
            RedirectStandardError = true,
        })!)
        {
            await cli.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            cli.ExitCode.Should().Be(0, await cli.StandardError.ReadToEndAsync());
        }

        var result = await _ledger.VerifyAsync();

        result.FirstBadSequence.Should().Be(4);
        result.Failure.Should().Be("entry 4 missing (gap after 3)");
    }

    [Theory]
    [InlineData("UPDATE ledger SET payload = '{}' WHERE seq = 1;")]
    [InlineData("DELETE FROM ledger WHERE seq = 1;")]
    public async Task Triggers_RawUpdateOrDelete_AreRejected(string sql)
    {
        await WriteFiveEntriesAsync();

        var act = () => _directory.Execute(sql);

        act.Should().Throw<SqliteException>().WithMessage("*append-only*");
        (await _ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    private async Task WriteFiveEntriesAsync()
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, "{}", "change.proposed", new JsonObject { ["tool"] = "scale_deployment" });
        await _ledger.CreateChangeAsync("chg-2", ChangeState.Proposed, "{}", "change.proposed", new JsonObject { ["tool"] = "restart" });
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _ledger.TransitionAsync("chg-1", ChangeState.Proposed, ChangeState.Proven, "{}", "change.proven", new JsonObject { ["replicas"] = 3 });
        await _ledger.TransitionAsync("chg-1", ChangeState.Proven, ChangeState.PendingApproval, "{}", "policy.allowed", new JsonObject { ["rule"] = "ops" });
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _ledger.AppendEventAsync("chg-1", ChangeState.PendingApproval, "approval.submitted", new JsonObject { ["approver"] = "alice" });
    }
}
