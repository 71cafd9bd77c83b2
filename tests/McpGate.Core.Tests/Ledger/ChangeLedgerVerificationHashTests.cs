using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
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

    private async Task WriteThreeEntriesAsync()
    {
        await _ledger.CreateChangeAsync("chg-1", ChangeState.Proposed, "{}", "change.proposed", new JsonObject { ["tool"] = "scale_deployment" });
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _ledger.TransitionAsync("chg-1", ChangeState.Proposed, ChangeState.Proven, "{}", "change.proven", new JsonObject { ["replicas"] = 3 });
        await _ledger.AppendEventAsync("chg-1", ChangeState.Proven, "approval.submitted", new JsonObject { ["approver"] = "alice" });
    }
}
