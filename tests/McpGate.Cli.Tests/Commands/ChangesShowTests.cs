using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Changes;
using McpGate.Core.Replay;

namespace McpGate.Cli.Tests.Commands;

/// <summary><c>mcpgate changes show</c>, the real process from another directory: the timeline a change's ledger entries tell.</summary>
public sealed class ChangesShowTests(ChangeHistoryFixture history) : IClassFixture<ChangeHistoryFixture>
{
    [Fact]
    public async Task Show_VerifiedChange_PrintsEveryStepWithItsTime()
    {
        var id = history.Ids["verified"];

        var run = await ChangeHistoryFixture.CliFromRootAsync("changes", "show", id, "--data-dir", history.DataDir, "--policies", history.PoliciesDir);

        run.ExitCode.Should().Be(0, run.ToString());
        var output = run.StandardOutput;
        output.Should().Contain("verified (from the ledger's entries)")
            .And.MatchRegex(@"Reason\s+agent's reason: ""engine test""")
            .And.Contain("allowed by rule \"demo-scaling\" (allowed_by_rule)")
            .And.Contain("Timeline (ledger entries)")
            .And.Contain("alice approve (signature verified)")
            .And.Contain("alice's comment: \"approve by alice\"")
            .And.Contain("Requests (signed, in order)")
            .And.Contain("patch (merge)")
            .And.Contain("expected rollout_complete, confidence high")
            .And.Contain($"signatures checked with the policy read from {history.PoliciesDir} (--policies)")
            .And.NotContain("\u001b", "piped output is never styled");
        foreach (var step in new[] { "proposed", "proven", "pending_approval", "approval_submitted", "approved", "executing", "executed", "verifying", "verified" })
        {
            output.Should().MatchRegex($@"│ \d+\s+│ {step}\s+│ \d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}Z │ ", step);
        }

        output.Should().MatchRegex(@"│ \+\d+(\.\d{3})? m?s ", "each step says how long it took");
    }

    [Fact]
    public async Task ShowJson_IsTheTimelineTheBuilderMakes()
    {
        var id = history.Ids["rejected"];
        var h = history.Harness;

        var run = await ChangeHistoryFixture.CliFromRootAsync("changes", "show", id, "--data-dir", history.DataDir, "--policies", history.PoliciesDir, "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        var built = await new ChangeTimelineBuilder(h.Policy, h.Engine.GatePublicKey, TimeProvider.System).BuildAsync(h.Ledger, id);
        var expected = JsonSerializer.SerializeToNode(built, ChangeJson.Options);
        var printed = JsonNode.Parse(run.StandardOutput);
        JsonNode.DeepEquals(printed, expected).Should().BeTrue(run.StandardOutput);
        printed!["approvals"]![0]!["signatureVerified"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Show_CancelledChange_ShowsWhoCancelledAndTheirReasonQuoted()
    {
        var id = history.Ids["cancelled"];

        var run = await ChangeHistoryFixture.CliFromRootAsync("changes", "show", id, "--data-dir", history.DataDir, "--policies", history.PoliciesDir);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Contain("cancelled (from the ledger's entries)")
            .And.Contain("by carol at ")
            .And.Contain("(signature verified); carol's reason: \"not now\"")
            .And.MatchRegex(@"After\s+not executed");
    }

    [Fact]
    public async Task Show_WithAPolicyWithoutTheApprovers_SaysTheSignaturesDoNotVerify()
    {
        var id = history.Ids["verified"];
        var shipped = Path.Combine(Path.GetDirectoryName(Testing.Processes.McpGateCli.AssemblyPath)!, "policies");

        var run = await ChangeHistoryFixture.CliFromRootAsync("changes", "show", id, "--data-dir", history.DataDir, "--policies", shipped, "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        var approval = JsonNode.Parse(run.StandardOutput)!["approvals"]![0]!;
        approval["signatureVerified"]!.GetValue<bool>().Should().BeFalse();
        approval["failure"]!.GetValue<string>().Should().Contain("not signed by any approver in the policy");
    }
}
