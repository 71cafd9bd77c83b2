using McpGate.Core.Changes;
using McpGate.Core.Ledger;
using McpGate.Core.Policy;
using McpGate.Testing.Engine;
using Microsoft.Data.Sqlite;

namespace McpGate.Adversarial.Tests.WireEnums;

/// <summary>
/// Someone with the SQLite file respells a change's state or its decision reason. A state read only as
/// written is never taken for another (a respelled "approved" is not approved), the row is reported as
/// damaged, and an edited decision reason no longer matches the proof: nothing reaches the cluster.
/// </summary>
public sealed class StateAndReasonTamperingTests
{
    /// <summary>ChangeEngine.Log's event id for an approved change waiting out a freeze window.</summary>
    private const int WaitingForFreeze = 1011;

    public static TheoryData<string> RespelledStates => new()
    {
        "Approved", "APPROVED", "approved ", " approved", "approved\u0000", "appr\u200Boved", "Executing", "executed ", "Verifying", "VERIFIED",
    };

    [Theory]
    [MemberData(nameof(RespelledStates))]
    public async Task StateColumnRespelled_ManyEnginesInParallel_NeverExecute_AndTheRowIsReportedDamaged(string text)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(9);
        await h.SubmitAsync(change.Id, "alice");
        await SetStateColumnAsync(h, change.Id, text);
        h.Sandbox.ResetRequestCounts();
        var engines = Enumerable.Range(0, 3).Select(_ => h.CreateEngine(h.PolicyWith(GateHarness.DefaultPolicy))).Append(h.Engine).ToList();

        try
        {
            for (var round = 0; round < 3; round++)
            {
                await Task.WhenAll(engines.Select(e => Task.Run(async () =>
                {
                    await e.ProcessAsync();
                    await e.WhenIdleAsync();
                })));
            }
        }
        finally
        {
            foreach (var engine in engines.Where(e => e != h.Engine))
            {
                await engine.DisposeAsync();
            }
        }

        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.EventTypesAsync(change.Id)).Should().NotContain(["approved", "executing", "executed", "verifying", "verified"]);
        var read = () => h.Engine.GetChangeAsync(change.Id);
        (await read.Should().ThrowAsync<LedgerCorruptException>()).Which.ChangeId.Should().Be(change.Id);
        var verification = await h.Ledger.VerifyAsync();
        verification.Succeeded.Should().BeFalse();
        verification.Failure.Should().StartWith($"change \"{change.Id}\": state ");
    }

    [Theory]
    [InlineData(ChangeState.Approved)]
    [InlineData(ChangeState.Executing)]
    [InlineData(ChangeState.Executed)]
    [InlineData(ChangeState.Verified)]
    public async Task DocumentStateRewritten_WithoutAnApproval_IsNeverExecuted(ChangeState claimed)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(9);
        await h.TamperDocumentAsync(change.Id, c => c with { State = claimed });
        h.Sandbox.ResetRequestCounts();

        await h.Engine.ProcessAsync();
        await h.Engine.WhenIdleAsync();

        (await h.Ledger.GetChangeAsync(change.Id))!.State.Should().Be(ChangeState.PendingApproval, "the state column, not the document, is the change's state");
        (await h.EventTypesAsync(change.Id)).Should().NotContain(["approved", "executing", "executed"]);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    public static TheoryData<DecisionReason?> EditedReasons => new()
    {
        DecisionReason.Frozen, DecisionReason.DefaultDeny, DecisionReason.ReadPassthrough, DecisionReason.ConstraintFailed, null,
    };

    [Theory]
    [MemberData(nameof(EditedReasons))]
    public async Task DecisionReasonEditedAfterApproval_FailsAsNotMatchingTheProof_NeverWaitsNorWrites(DecisionReason? reason)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(9);
        await h.SubmitAsync(change.Id, "alice");
        await h.TamperDocumentAsync(change.Id, c => c with { Policy = c.Policy! with { DecisionReason = reason } });
        h.Sandbox.ResetRequestCounts();

        var final = await h.ProcessUntilFinalAsync(change.Id);

        final.State.Should().Be(ChangeState.Failed, final.Outcome);
        final.Outcome.Should().Contain("does not match its signed proof (policy)");
        h.Logs.Entries.Should().NotContain(e => e.EventId == WaitingForFreeze, "an edited reason is not a freeze");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
        (await h.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    private static async Task SetStateColumnAsync(GateHarness h, string changeId, string text)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = h.Ledger.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE changes SET state = $state WHERE change_id = $id;";
        command.Parameters.AddWithValue("$id", changeId);
        command.Parameters.AddWithValue("$state", text);
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }
}
