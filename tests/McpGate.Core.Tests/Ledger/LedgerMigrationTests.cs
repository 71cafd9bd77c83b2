using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

public sealed class LedgerMigrationTests : IDisposable
{
    private readonly LedgerTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_VersionOneLedger_MigratesToCurrentVersion_AndKeepsVerifying()
    {
        var hashes = WriteVersionOneLedger();

        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));

        _directory.Scalar("PRAGMA user_version;").Should().Be(5L);
        _directory.Scalar("SELECT count(*) FROM claims;").Should().Be(0L);
        _directory.Scalar("SELECT count(*) FROM checkpoints;").Should().Be(0L);
        var verification = await ledger.VerifyAsync();
        verification.Succeeded.Should().BeTrue(verification.Failure);
        verification.EntriesChecked.Should().Be(3);
        (await ledger.ReadEntriesAsync()).Select(e => e.EntryHash.ToString()).Should().Equal(hashes, "migration leaves every entry as it was");
        (await ledger.GetChangeAsync("chg-old"))!.State.Should().Be(ChangeState.Executing);
    }

    [Fact]
    public async Task Open_VersionOneLedgerWithAnInterruptedExecution_LetsRecoveryClaimIt_AndStillVerifies()
    {
        WriteVersionOneLedger();
        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        var owner = ExecutorInstance.ForCurrentProcess();

        await ledger.TransitionAsync("chg-old", ChangeState.Executing, ChangeState.Executing, "{}", "claim_taken_over", new JsonObject(),
            new ClaimCheck { Owner = owner, Mode = ClaimMode.Take, Lease = TimeSpan.FromSeconds(30) });

        (await ledger.GetClaimAsync("chg-old"))!.Owner.Should().Be(owner);
        var verification = await ledger.VerifyAsync();
        verification.Succeeded.Should().BeTrue(verification.Failure);
        verification.EntriesChecked.Should().Be(4);
    }

    [Fact]
    public void Open_VersionOneLedgerTwiceAtOnce_MigratesOnce()
    {
        WriteVersionOneLedger();

        var ledgers = Enumerable.Range(0, 4).AsParallel().Select(_ => ChangeLedger.Open(_directory.DatabasePath, TimeProvider.System)).ToList();
        foreach (var ledger in ledgers)
        {
            ledger.Dispose();
        }

        _directory.Scalar("PRAGMA user_version;").Should().Be(5L);
        _directory.Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'claims';").Should().Be(1L);
        _directory.Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'checkpoints';").Should().Be(1L);
        _directory.Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'reads';").Should().Be(1L);
    }

    /// <summary>
    /// Rounds of the race above, six openers each: every one of them waits for the write lock before it
    /// reads the version (an opener that read first could not take the lock after another's migration).
    /// </summary>
    [Fact]
    public async Task Open_VersionOneLedgerBySixAtOnce_ManyRounds_AllOpenAndMigrateOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (var round = 0; round < 30; round++)
        {
            foreach (var file in Directory.EnumerateFiles(_directory.Path))
            {
                File.Delete(file);
            }

            WriteVersionOneLedger();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var opens = Enumerable.Range(0, 6).Select(_ => Task.Run(
                async () =>
                {
                    await start.Task.WaitAsync(timeout.Token);
                    return ChangeLedger.Open(_directory.DatabasePath, TimeProvider.System);
                },
                timeout.Token)).ToArray();
            start.SetResult();
            foreach (var ledger in await Task.WhenAll(opens).WaitAsync(timeout.Token))
            {
                ledger.Dispose();
            }

            _directory.Scalar("PRAGMA user_version;").Should().Be(5L, $"round {round}");
            _directory.Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'notification_cursors';").Should().Be(1L, $"round {round}");
        }
    }

    [Fact]
    public async Task Open_VersionTwoLedger_MigratesToCurrentVersion_KeepsItsEntries_AndCanSignItsFirstCheckpoint()
    {
        var hashes = WriteVersionOneLedger();
        _directory.Execute(LedgerSchema.VersionTwoDdl + "\nPRAGMA user_version = 2;");

        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));
        using var gateKey = McpGate.Core.Crypto.Ed25519PrivateKey.Generate();

        _directory.Scalar("PRAGMA user_version;").Should().Be(5L);
        (await ledger.ReadEntriesAsync()).Select(e => e.EntryHash.ToString()).Should().Equal(hashes);
        (await ledger.VerifyAsync()).Succeeded.Should().BeTrue();
        (await ledger.SignCheckpointAsync(gateKey))!.Checkpoint.TreeSize.Should().Be(3);
        var tamper = () => _directory.Execute("UPDATE checkpoints SET tree_size = 2;");
        tamper.Should().Throw<Microsoft.Data.Sqlite.SqliteException>().WithMessage("*checkpoints are append-only*");
    }

    [Fact]
    public async Task Open_VersionThreeLedger_MigratesToCurrentVersion_WithAnEmptyReadLog_AndKeepsVerifying()
    {
        var hashes = WriteVersionOneLedger();
        _directory.Execute(LedgerSchema.VersionTwoDdl + LedgerSchema.VersionThreeDdl + "\nPRAGMA user_version = 3;");

        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));

        _directory.Scalar("PRAGMA user_version;").Should().Be(5L);
        _directory.Scalar("SELECT count(*) FROM reads;").Should().Be(0L);
        (await ledger.ReadEntriesAsync()).Select(e => e.EntryHash.ToString()).Should().Equal(hashes);
        await ledger.AppendReadsAsync([new ReadRecord
        {
            Time = LedgerTestDirectory.Start, Tool = "pods_list", Requester = "agent", Arguments = "{}", ResultSize = 1, Duration = TimeSpan.Zero, Outcome = ReadRecord.Ok,
        }]);
        (await ledger.ListReadsAsync(new ReadQuery())).Should().ContainSingle();
        (await ledger.VerifyAsync()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Open_VersionFourLedger_MigratesToVersionFive_WithNoNotificationAttempts_AndKeepsVerifying()
    {
        var hashes = WriteVersionOneLedger();
        _directory.Execute(LedgerSchema.VersionTwoDdl + LedgerSchema.VersionThreeDdl + LedgerSchema.VersionFourDdl + "\nPRAGMA user_version = 4;");
        _directory.Execute("INSERT INTO reads (time, tool, requester, arguments, result_size, duration_ms, outcome) VALUES ('2025-12-01T00:00:05.000Z', 'pods_list', 'agent', '{}', 1, 0, 'ok');");

        using var ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(LedgerTestDirectory.Start));

        _directory.Scalar("PRAGMA user_version;").Should().Be(5L);
        _directory.Scalar("SELECT count(*) FROM notification_attempts;").Should().Be(0L);
        _directory.Scalar("SELECT count(*) FROM notification_cursors;").Should().Be(0L);
        (await ledger.ListReadsAsync(new ReadQuery())).Should().ContainSingle("the read log of version 4 is kept");
        (await ledger.ReadEntriesAsync()).Select(e => e.EntryHash.ToString()).Should().Equal(hashes);
        (await ledger.ReadNotificationCursorAsync("chat")).Should().BeNull();
        await ledger.SaveNotificationCursorAsync("chat", 3);
        await ledger.SaveNotificationCursorAsync("chat", 2);
        (await ledger.ReadNotificationCursorAsync("chat")).Should().Be(3, "a cursor never moves back");
        await ledger.AppendNotificationAttemptAsync(new NotificationAttempt
        {
            DeliveryId = "3.chat", Notifier = "chat", ChangeId = "chg-old", Sequence = 3, Event = "final", Attempt = 1,
            Outcome = NotificationAttempt.Failed, Status = 500, ErrorText = "HTTP 500", Time = LedgerTestDirectory.Start,
        });
        (await ledger.ListNotificationAttemptsAsync("chg-old")).Should().ContainSingle().Which.Status.Should().Be(500);
        (await ledger.ListNotificationAttemptsAsync("chg-other")).Should().BeEmpty();
        (await ledger.VerifyAsync()).Succeeded.Should().BeTrue("attempts and cursors are beside the chain, not in it");
    }

    /// <summary>A ledger file exactly as version 1 wrote it: its schema, and three chained entries of a change left executing.</summary>
    private List<string> WriteVersionOneLedger()
    {
        _directory.Execute("PRAGMA journal_mode = WAL;");
        _directory.Execute(LedgerSchema.VersionOneDdl + $"\nPRAGMA application_id = {LedgerSchema.ApplicationId};\nPRAGMA user_version = 1;");
        _directory.Execute("INSERT INTO changes VALUES ('chg-old', 'executing', '{}', '2025-12-01T00:00:00.000Z', '2025-12-01T00:00:02.000Z');");
        var previous = LedgerEntryHash.Genesis;
        var hashes = new List<string>();
        string[] events = ["pending_approval", "approved", "executing"];
        for (var i = 0; i < events.Length; i++)
        {
            var time = $"2025-12-01T00:00:0{i}.000Z";
            var payload = $$"""{"from":"x","to":"{{events[i]}}"}""";
            var hash = LedgerEntryHash.Compute(i + 1, "chg-old", events[i], payload, time, previous);
            _directory.Execute(string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO ledger VALUES ({i + 1}, 'chg-old', '{events[i]}', '{payload}', '{time}', '{previous}', '{hash}');"));
            hashes.Add(hash.ToString());
            previous = hash;
        }

        return hashes;
    }
}
