using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Testing.Ledger;
using McpGate.Testing.Time;

namespace McpGate.Core.Tests.Ledger;

/// <summary>The read log's table: stored in one transaction, listed with filters, and never part of the hash chain or the tree.</summary>
public sealed class ReadLogLedgerTests : IDisposable
{
    private static readonly DateTimeOffset s_start = LedgerTestDirectory.Start;
    private readonly LedgerTestDirectory _directory = new();
    private readonly ChangeLedger _ledger;

    public ReadLogLedgerTests() => _ledger = ChangeLedger.Open(_directory.DatabasePath, new ManualTimeProvider(s_start));

    public void Dispose()
    {
        _ledger.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task AppendReadsAsync_Batch_StoredAsGiven_AndListedNewestFirst()
    {
        await _ledger.AppendReadsAsync([Read(0, "pods_list", "agent-a"), Read(1, "get_deployment", "agent-b", ReadRecord.Error, "not found"), Marker(2, 7)]);

        var reads = await _ledger.ListReadsAsync(new ReadQuery());

        reads.Select(r => r.Outcome).Should().Equal(ReadRecord.DroppedMarker, ReadRecord.Error, ReadRecord.Ok);
        reads[0].Dropped.Should().Be(7);
        reads[1].Should().BeEquivalentTo(Read(1, "get_deployment", "agent-b", ReadRecord.Error, "not found"), o => o.Excluding(r => r.Id));
        reads[2].Time.Should().Be(s_start);
        reads[2].Arguments.Should().Be("""{"namespace":"demo"}""");
        reads[2].ResultSize.Should().Be(1234);
        reads[2].Duration.Should().Be(TimeSpan.FromMilliseconds(2.5));
    }

    public static TheoryData<ReadQuery, string[]> Queries => new()
    {
        { new ReadQuery { Tool = "pods_list" }, ["pods_list@3", "pods_list@0"] },
        { new ReadQuery { Requester = "agent-b" }, ["nodes_list@2", "get_deployment@1"] },
        { new ReadQuery { Since = s_start.AddMinutes(1), Until = s_start.AddMinutes(2) }, ["nodes_list@2", "get_deployment@1"] },
        { new ReadQuery { Limit = 1 }, ["pods_list@3"] },
        { new ReadQuery { Tool = "pods_list", Requester = "agent-b" }, [] },
        { new ReadQuery { Tool = "pods_list' OR '1'='1" }, [] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task ListReadsAsync_Filters_MatchExactly(ReadQuery query, string[] expected)
    {
        await _ledger.AppendReadsAsync([Read(0, "pods_list", "agent-a"), Read(1, "get_deployment", "agent-b"), Read(2, "nodes_list", "agent-b"), Read(3, "pods_list", "agent-a")]);

        var reads = await _ledger.ListReadsAsync(query);

        reads.Select(r => $"{r.Tool}@{(r.Time - s_start).TotalMinutes}").Should().Equal(expected);
    }

    [Fact]
    public async Task AppendReadsAsync_ARowBreaksAConstraint_StoresNoneOfTheBatch()
    {
        _directory.Execute("CREATE TRIGGER reads_refuse BEFORE INSERT ON reads WHEN NEW.tool = 'poison' BEGIN SELECT RAISE(ABORT, 'refused'); END;");

        var append = () => _ledger.AppendReadsAsync([Read(0, "pods_list", "a"), Read(1, "poison", "a")]);

        await append.Should().ThrowAsync<Microsoft.Data.Sqlite.SqliteException>();
        _directory.Scalar("SELECT count(*) FROM reads;").Should().Be(0L, "a batch is one transaction");
    }

    [Fact]
    public async Task AppendReadsAsync_ManyReads_AddNoEntryAndMoveNoCheckpoint()
    {
        using var gateKey = Ed25519PrivateKey.Generate();
        await LedgerHistory.WriteRejectedChangesAsync(_ledger, 1);
        var before = await _ledger.SignCheckpointAsync(gateKey);

        await _ledger.AppendReadsAsync([.. Enumerable.Range(0, 500).Select(i => Read(i, "pods_list", "agent"))]);

        (await _ledger.ReadEntriesAsync()).Should().HaveCount(4);
        (await _ledger.SignCheckpointAsync(gateKey)).Should().BeNull("the tree still has the four leaves the checkpoint covers");
        before!.Checkpoint.TreeSize.Should().Be(4);
        var verification = await _ledger.VerifyAsync();
        verification.Succeeded.Should().BeTrue(verification.Failure);
        verification.EntriesChecked.Should().Be(4);
    }

    private static ReadRecord Read(int minutes, string tool, string requester, string outcome = ReadRecord.Ok, string? error = null) => new()
    {
        Time = s_start.AddMinutes(minutes),
        Tool = tool,
        Requester = requester,
        Arguments = """{"namespace":"demo"}""",
        ResultSize = 1234,
        Duration = TimeSpan.FromMilliseconds(2.5),
        Outcome = outcome,
        ErrorText = error,
    };

    private static ReadRecord Marker(int minutes, long dropped) => new()
    {
        Time = s_start.AddMinutes(minutes),
        Tool = string.Empty,
        Requester = string.Empty,
        Arguments = "{}",
        ResultSize = 0,
        Duration = TimeSpan.Zero,
        Outcome = ReadRecord.DroppedMarker,
        Dropped = dropped,
    };
}
