using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;

namespace McpGate.Core.Tests.Ledger;

/// <summary>AppendUniqueEventAsync: the duplicate check happens inside the write transaction.</summary>
public sealed class ChangeLedgerUniqueEventTests : IDisposable
{
    private static readonly string[] s_unique = ["identity", "decision"];
    private readonly LedgerTestDirectory _directory = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));

    public void Dispose()
    {
        _timeout.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task AppendUniqueEventAsync_ManyInstancesRaceWithOneIdentity_RecordsExactlyOne()
    {
        const int Contenders = 16;
        var token = _timeout.Token;
        var ledgers = Enumerable.Range(0, Contenders).Select(_ => ChangeLedger.Open(_directory.DatabasePath, TimeProvider.System)).ToList();
        try
        {
            await ledgers[0].CreateChangeAsync("chg-race", ChangeState.PendingApproval, "{}", "change.pending", new JsonObject(), token);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = ledgers.Select((ledger, n) => Task.Run(async () =>
            {
                await start.Task.WaitAsync(token);
                try
                {
                    await ledger.AppendUniqueEventAsync("chg-race", ChangeState.PendingApproval, "approval.submitted", Vote("alice", "approve", n), s_unique, token);
                    return true;
                }
                catch (DuplicateLedgerEventException)
                {
                    return false;
                }
            }, token)).ToArray();

            start.SetResult();
            var outcomes = await Task.WhenAll(attempts).WaitAsync(token);

            outcomes.Count(won => won).Should().Be(1);
            var entries = await ledgers[0].ReadEntriesAsync(changeId: "chg-race", cancellationToken: token);
            entries.Count(e => e.EventType == "approval.submitted").Should().Be(1);
            (await ledgers[0].VerifyAsync(token)).Succeeded.Should().BeTrue();
        }
        finally
        {
            ledgers.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public async Task AppendUniqueEventAsync_OtherIdentityOrDecision_IsNotADuplicate()
    {
        var token = _timeout.Token;
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, TimeProvider.System);
        await ledger.CreateChangeAsync("chg-a", ChangeState.PendingApproval, "{}", "change.pending", new JsonObject(), token);
        await ledger.CreateChangeAsync("chg-b", ChangeState.PendingApproval, "{}", "change.pending", new JsonObject(), token);

        await ledger.AppendUniqueEventAsync("chg-a", ChangeState.PendingApproval, "approval.submitted", Vote("alice", "approve", 1), s_unique, token);
        await ledger.AppendUniqueEventAsync("chg-a", ChangeState.PendingApproval, "approval.submitted", Vote("bob", "approve", 2), s_unique, token);
        await ledger.AppendUniqueEventAsync("chg-a", ChangeState.PendingApproval, "approval.submitted", Vote("alice", "reject", 3), s_unique, token);
        await ledger.AppendUniqueEventAsync("chg-b", ChangeState.PendingApproval, "approval.submitted", Vote("alice", "approve", 4), s_unique, token);
        var again = () => ledger.AppendUniqueEventAsync("chg-a", ChangeState.PendingApproval, "approval.submitted", Vote("alice", "approve", 5), s_unique, token);

        (await again.Should().ThrowAsync<DuplicateLedgerEventException>()).Which.ExistingSequence.Should().Be(3);
        (await ledger.ReadEntriesAsync(changeId: "chg-a", cancellationToken: token)).Should().HaveCount(4, "the refused duplicate wrote nothing");
    }

    [Fact]
    public async Task AppendUniqueEventAsync_ADamagedEntryInTheLedger_DoesNotBreakTheCheck()
    {
        var token = _timeout.Token;
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, TimeProvider.System);
        await ledger.CreateChangeAsync("chg-d", ChangeState.PendingApproval, "{}", "change.pending", new JsonObject(), token);
        await ledger.AppendEventAsync("chg-d", ChangeState.PendingApproval, "approval.submitted", Vote("bob", "approve", 1), token);
        _directory.Execute("DROP TRIGGER ledger_no_update; UPDATE ledger SET payload = '{not json' WHERE event_type = 'approval.submitted';");

        await ledger.AppendUniqueEventAsync("chg-d", ChangeState.PendingApproval, "approval.submitted", Vote("alice", "approve", 2), s_unique, token);

        (await ledger.ReadEntriesAsync(changeId: "chg-d", cancellationToken: token)).Should().HaveCount(3);
    }

    [Fact]
    public async Task AppendUniqueEventAsync_WrongState_ThrowsConflictAndWritesNothing()
    {
        var token = _timeout.Token;
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, TimeProvider.System);
        await ledger.CreateChangeAsync("chg-s", ChangeState.Approved, "{}", "change.approved", new JsonObject(), token);

        var append = () => ledger.AppendUniqueEventAsync("chg-s", ChangeState.PendingApproval, "approval.submitted", Vote("alice", "approve", 1), s_unique, token);

        await append.Should().ThrowAsync<ChangeStateConflictException>();
        (await ledger.ReadEntriesAsync(changeId: "chg-s", cancellationToken: token)).Should().HaveCount(1);
    }

    private static JsonObject Vote(string identity, string decision, int n) => new()
    {
        ["identity"] = identity,
        ["decision"] = decision,
        ["envelope"] = $"envelope-{n}",
    };
}
