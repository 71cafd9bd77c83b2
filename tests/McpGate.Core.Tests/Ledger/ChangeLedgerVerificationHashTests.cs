using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Testing.Files;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

/// <summary>Hash fields that are not digests at all, and tampering at the very first and last entries.</summary>
public sealed class ChangeLedgerVerificationHashTests : IDisposable
{
    private const string DropTriggers = "DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;";

    private readonly LedgerTestDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new(LedgerTestDirectory.Start);
    private readonly ChangeLedger _ledger;

    public ChangeLedgerVerificationHashTests() => _ledger = ChangeLedger.Open(_directory.DatabasePath, _clock);

    public void Dispose()
    {
        _ledger.Dispose();
        _directory.Dispose();
    }

    public static TheoryData<string, long, string> Tampering => new()
    {
        { "UPDATE ledger SET prev_hash = 'not a digest' WHERE seq = 2;", 2, "entry 2: prev_hash does not match entry 1" },
        { "UPDATE ledger SET prev_hash = '' WHERE seq = 1;", 1, "entry 1: prev_hash is not the hash of the empty string" },
        { "UPDATE ledger SET entry_hash = 'not a digest' WHERE seq = 3;", 3, "entry 3: entry_hash does not match its content" },
        { "UPDATE ledger SET payload = 'not json' WHERE seq = 3;", 3, "entry 3: payload is not valid canonical JSON*" },
        { "UPDATE ledger SET time = '2026-01-02T03:04:05Z' WHERE seq = 3;", 3, "entry 3: time '2026-01-02T03:04:05Z' is not RFC 3339 UTC with milliseconds" },
        { "UPDATE ledger SET payload = '{\"approver\":\"mallory\"}' WHERE seq = 3;", 3, "entry 3: entry_hash does not match its content" },
        { "DELETE FROM ledger WHERE seq = 2;", 2, "entry 2 missing (gap after 1)" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task VerifyAsync_TamperedRow_FailsAtThatEntry_AfterCountingTheGoodOnes(string tamper, long firstBad, string failure)
    {
        await WriteThreeEntriesAsync();
        _directory.Execute(DropTriggers + tamper);

        var result = await _ledger.VerifyAsync();

        result.Succeeded.Should().BeFalse();
        result.FirstBadSequence.Should().Be(firstBad);
        result.EntriesChecked.Should().Be(firstBad - 1);
        result.Failure.Should().Match(failure);
    }

    [Fact]
    public async Task VerifyAsync_LedgerStartingLate_NamesEntryOne()
    {
        await WriteThreeEntriesAsync();
        _directory.Execute(DropTriggers + "DELETE FROM ledger WHERE seq IN (1, 2);");

        var result = await _ledger.VerifyAsync();

        result.Should().Be(new LedgerVerification
        {
            Succeeded = false,
            EntriesChecked = 0,
            FirstBadSequence = 1,
            Failure = "entry 1 missing (the ledger starts at entry 3)",
        });
    }

    [Fact]
    public async Task VerifyAsync_IntactLedger_CountsEveryEntry()
    {
        await WriteThreeEntriesAsync();

        (await _ledger.VerifyAsync()).Should().Be(new LedgerVerification { Succeeded = true, EntriesChecked = 3 });
    }

    [Fact]
    public async Task VerifyAsync_ManyBatches_NamesTheFirstBadEntry_AfterCountingEveryGoodOne()
    {
        // Entries are checked in batches of 4096: the first bad one is named wherever it falls, even
        // when a later batch, already being checked, is bad too.
        var cases = new (long FirstBad, string Tamper, string Failure)[]
        {
            (4096, "UPDATE ledger SET payload = '{\"approver\":\"mallory\"}' WHERE seq IN (4096, 9000);", "entry 4096: entry_hash does not match its content"),
            (4097, "UPDATE ledger SET payload = '{\"approver\":\"mallory\"}' WHERE seq IN (4097, 4098, 12000);", "entry 4097: entry_hash does not match its content"),
            (8193, "DELETE FROM ledger WHERE seq = 8193;", "entry 8193 missing (gap after 8192)"),
            (12289, "UPDATE ledger SET prev_hash = entry_hash WHERE seq = 12289;", "entry 12289: prev_hash does not match entry 12288"),
            (12290, "UPDATE ledger SET time = 'late' WHERE seq = 12290;", "entry 12290: time 'late' is not RFC 3339 UTC with milliseconds"),
        };
        await WriteThreeEntriesAsync();
        var copies = string.Join(" ", Enumerable.Range(0, 4100).Select(_ => "INSERT INTO ledger (seq, change_id, event_type, payload, time, prev_hash, entry_hash) SELECT seq + (SELECT max(seq) FROM ledger), change_id, event_type, payload, time, prev_hash, entry_hash FROM ledger WHERE seq <= 3;"));
        LedgerRewrite.Execute(_directory.DatabasePath, copies);
        (await _ledger.VerifyAsync()).Should().Be(new LedgerVerification { Succeeded = true, EntriesChecked = 12_303 });
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        foreach (var (firstBad, tamper, failure) in cases)
        {
            var copy = _directory.DatabasePath + $".{firstBad}.db";
            File.Copy(_directory.DatabasePath, copy);
            if (File.Exists(_directory.DatabasePath + "-wal"))
            {
                File.Copy(_directory.DatabasePath + "-wal", copy + "-wal");
            }

            LedgerRewrite.Execute(copy, tamper, rehash: false);
            using var ledger = ChangeLedger.Open(copy, _clock);

            var result = await ledger.VerifyAsync();

            result.Should().Be(new LedgerVerification { Succeeded = false, EntriesChecked = firstBad - 1, FirstBadSequence = firstBad, Failure = failure }, tamper);
        }
    }

    private async Task WriteThreeEntriesAsync()
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, "{}", "change.proposed", new JsonObject { ["tool"] = "scale_deployment" });
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _ledger.TransitionAsync("chg-1", ChangeState.Proposed, ChangeState.Proven, "{}", "change.proven", new JsonObject { ["replicas"] = 3 });
        await _ledger.AppendEventAsync("chg-1", ChangeState.Proven, "approval.submitted", new JsonObject { ["approver"] = "alice" });
    }
}
