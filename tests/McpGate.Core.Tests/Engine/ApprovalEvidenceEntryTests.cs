using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Crypto;
using McpGate.Core.Ledger;
using McpGate.Testing.Engine;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Tests.Engine;

/// <summary>
/// The ledger entries that prove a change's way to execution must be the right ones: the right
/// event, a well-formed from/to, after the approval, and an approval entry whose approvers still verify.
/// </summary>
public sealed class ApprovalEvidenceEntryTests
{
    public static TheoryData<string, string> ExecutedPayloads => new()
    {
        { """{"from":"executing","to":"executed"}""", "verified" },
        { """{"from":"approved","to":"executed"}""", "failed" },
        { """{"from":"executing","to":"verified"}""", "failed" },
        { """{"to":"executed"}""", "failed" },
        { """{"from":"executing"}""", "failed" },
        { """{"from":1,"to":"executed"}""", "failed" },
        { """{"from":"executing","to":["executed"]}""", "failed" },
        { """{"from":null,"to":"executed"}""", "failed" },
    };

    public static TheoryData<string, string, string?> ApprovedPayloads => new()
    {
        { """{"from":"pending_approval","to":"approved","approvers":["alice"]}""", "verified", null },
        { """{"from":"pending_approval","to":"approved","approvers":["alice","bob"]}""", "failed", "names bob, whose signed approval does not verify now" },
        { """{"from":"pending_approval","to":"approved","approvers":["bob","carol"]}""", "failed", "names bob, carol, whose signed approval does not verify now" },
        { """{"from":"pending_approval","to":"approved","approvers":["alice",5]}""", "failed", "names (not a name), whose signed approval does not verify now" },
        { """{"from":"pending_approval","to":"approved","approvers":["ALICE"]}""", "failed", "names ALICE, whose signed approval does not verify now" },
        { """{"from":"pending_approval","to":"approved"}""", "verified", null },
        { """{"from":"executing","to":"approved","approvers":["alice"]}""", "failed", "the ledger has no 'approved' entry for this change" },
        { """{"from":"pending_approval","to":"executing","approvers":["alice"]}""", "failed", "the ledger has no 'approved' entry for this change" },
    };

    /// <summary>Resuming verification of an executed change needs an executing -> executed entry, exactly.</summary>
    [Theory]
    [MemberData(nameof(ExecutedPayloads))]
    public async Task Resume_ExecutedEntryPayload_OnlyAWellFormedOneProvesTheWrite(string payload, string expected)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), change.ObservedResourceVersion, dryRun: false);
        await MoveAsync(h, change.Id, ChangeState.Executing, ChangeState.Executed, "executed", payload);

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.ToWire().Should().Be(expected, final.Outcome);
        if (expected == "failed")
        {
            final.Outcome.Should().Be("not verified: the ledger has no 'executed' entry: the gate never recorded this write");
            (await h.EventTypesAsync(change.Id)).Should().NotContain(["verifying", "verified"]);
        }

        h.Sandbox.CountRequests("PATCH", "/").Should().Be(2, "the proposal's dry run and the test's own write: recovery never writes");
    }

    /// <summary>An executing entry and some later entry, but no executed one: executed and verifying are not proven.</summary>
    [Theory]
    [InlineData("executed")]
    [InlineData("verifying")]
    public async Task Resume_ExecutingEntryButNoExecutedEntry_Fails(string state)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), change.ObservedResourceVersion, dryRun: false);
        await MoveAsync(h, change.Id, ChangeState.Executing, ChangeStates.FromWire(state)!.Value, "note", """{"from":"executing","to":"executing"}""");

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be("not verified: the ledger has no 'executed' entry: the gate never recorded this write");
        (await h.EventTypesAsync(change.Id)).Should().NotContain(["executed", "verified"]);
    }

    /// <summary>An entry after the approval that is not an executing entry does not prove the execution started.</summary>
    [Fact]
    public async Task Recover_ExecutingWithOnlyAnUnrelatedEntryAfterTheApproval_FailsWithoutWriting()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await MoveAsync(h, change.Id, ChangeState.Approved, ChangeState.Executing, "note", """{"from":"approved","to":"executing"}""");
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be("not executed: the ledger has no 'executing' entry after its approval: the gate never started this execution");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    /// <summary>
    /// An executing entry whose payload is not JSON at all (written into the file past the ledger's
    /// API, which only takes JSON) does not prove the execution started either.
    /// </summary>
    [Fact]
    public async Task Recover_ExecutingEntryWithAnUnparsablePayload_FailsWithoutWriting()
    {
        const string Unparsable = """{"from":"approved","to":"executing" """;
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await MoveAsync(h, change.Id, ChangeState.Approved, ChangeState.Executing, "note", """{"from":"approved","to":"executing"}""");
        await AppendRawEntryAsync(h, change.Id, "executing", Unparsable);
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be("not executed: the ledger has no 'executing' entry after its approval: the gate never started this execution");
        (await h.Ledger.ReadEntriesAsync(0, change.Id)).Should().Contain(e => e.EventType == "executing" && e.PayloadJson == Unparsable, "the engine read past the raw entry");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    /// <summary>The approved entry must be a pending_approval -> approved transition naming only approvers whose signed approval verifies now.</summary>
    [Theory]
    [MemberData(nameof(ApprovedPayloads))]
    public async Task Execute_ApprovedEntryPayload_IsCheckedBeforeTheWrite(string payload, string expected, string? reason)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await MoveAsync(h, change.Id, ChangeState.PendingApproval, ChangeState.Approved, "approved", payload);

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.ToWire().Should().Be(expected, final.Outcome);
        if (reason is null)
        {
            (await h.ObserveWebAsync()).Replicas.Should().Be(4);
        }
        else
        {
            final.Outcome.Should().StartWith("not executed: ").And.Contain(reason);
            (await h.ObserveWebAsync()).Replicas.Should().Be(2, "a change not proven approved is never written");
            (await h.EventTypesAsync(change.Id)).Should().NotContain("executed");
        }
    }

    /// <summary>Inserts an entry with SQL into the ledger file, chained to the last one, with a payload the ledger's API would refuse.</summary>
    private static async Task AppendRawEntryAsync(GateHarness h, string changeId, string eventType, string payloadText)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = h.Ledger.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO ledger (seq, change_id, event_type, payload, time, prev_hash, entry_hash)
            SELECT seq + 1, $id, $type, $payload, $time, entry_hash, $hash FROM ledger ORDER BY seq DESC LIMIT 1;
            """;
        command.Parameters.AddWithValue("$id", changeId);
        command.Parameters.AddWithValue("$type", eventType);
        command.Parameters.AddWithValue("$payload", payloadText);
        command.Parameters.AddWithValue("$time", LedgerTime.ToText(LedgerTime.Now(h.Clock)));
        command.Parameters.AddWithValue("$hash", Sha256Digest.Compute(Encoding.UTF8.GetBytes(payloadText)).ToString());
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }

    /// <summary>Moves a change with an entry of the given type and raw payload, as anyone who can write the file could.</summary>
    private static async Task MoveAsync(GateHarness h, string changeId, ChangeState from, ChangeState to, string eventType, string payload)
    {
        var stored = (await h.Ledger.GetChangeAsync(changeId))!;
        var moved = ChangeJson.Deserialize(stored.DocumentJson) with { State = to };
        await h.Ledger.TransitionAsync(changeId, from, to, ChangeJson.Serialize(moved), eventType, JsonNode.Parse(payload)!);
    }
}
