using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Testing.Engine;
using Microsoft.Data.Sqlite;

namespace McpGate.Core.Tests.Engine;

/// <summary>Every path to executed (and recovery of executed or verifying) proves the approval from the ledger's entries.</summary>
public sealed class ApprovalEvidenceTests
{
    [Theory]
    [InlineData("executing")]
    [InlineData("executed")]
    [InlineData("verifying")]
    public async Task Recover_RowEditedToLookExecuted_FailsAndLeavesTheCluster(string state)
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        EditRow(h, change.Id, state);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), null, dryRun: false); // the target holds the patch
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("the ledger has no 'approved' entry for this change");
        (await h.EventTypesAsync(change.Id)).Should().NotContain(["executed", "verifying", "verified"]);
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
    }

    [Fact]
    public async Task Recover_ApprovedAndExecutingEntriesWithoutApprovals_Fails()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), null, dryRun: false);
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Be("not executed: only 0 of 1 required approvals verify with the current policy");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
    }

    [Fact]
    public async Task Recover_ExecutingWithoutAnExecutingEntry_Fails()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        EditRow(h, change.Id, "executing");
        h.Sandbox.ResetRequestCounts();

        await EngineRuns.UntilFinalAsync(h, [h.Engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed);
        final.Outcome.Should().Contain("no 'executing' entry after its approval");
        h.Sandbox.CountRequests("PATCH", "/").Should().Be(0);
    }

    [Fact]
    public async Task Recover_ApprovedButApproverRemovedFromThePolicy_FailsInsteadOfRecordingTheWrite()
    {
        await using var h = await GateHarness.StartAsync();
        var change = await h.ProposeScaleAsync(4);
        await h.SubmitAsync(change.Id, "alice");
        await h.ForceStateAsync(change.Id, ChangeState.PendingApproval, ChangeState.Approved);
        await h.ForceStateAsync(change.Id, ChangeState.Approved, ChangeState.Executing);
        await h.Cluster.PatchAsync(GateHarness.Web, (JsonObject)change.Patch.DeepClone(), change.ObservedResourceVersion, dryRun: false);
        await using var engine = h.CreateEngine(h.PolicyWith(GateHarness.DefaultPolicy.Replace("groups: [sre]", "groups: [ops]", StringComparison.Ordinal)));

        await EngineRuns.UntilFinalAsync(h, [engine], [change.Id]);

        var final = (await h.Engine.GetChangeAsync(change.Id))!;
        final.State.Should().Be(ChangeState.Failed, "alice's approval no longer counts with the current policy");
        final.Outcome.Should().StartWith("not executed: ").And.Contain("required approvals verify with the current policy");
        (await h.EventTypesAsync(change.Id)).Should().NotContain("executed");
    }

    /// <summary>Sets the row's state (and the document's) with plain SQL, as anyone who can write the file could.</summary>
    private static void EditRow(GateHarness h, string changeId, string state)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = h.Ledger.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE changes SET state = $state, document = json_set(document, '$.state', $state) WHERE change_id = $id;";
        command.Parameters.AddWithValue("$state", state);
        command.Parameters.AddWithValue("$id", changeId);
        command.ExecuteNonQuery().Should().Be(1);
    }
}
