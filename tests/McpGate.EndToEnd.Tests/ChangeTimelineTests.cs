using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary>
/// <c>get_change</c> with <c>detail: timeline</c> through a real MCP client to the real gate process is
/// the same JSON as <c>mcpgate changes show --json</c> run by an operator from another directory.
/// </summary>
public sealed class ChangeTimelineTests(GateFixture gate) : IClassFixture<GateFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task GetChangeTimeline_VerifiedChange_IsTheJsonOfChangesShow()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 3, ["reason"] = "timeline test",
        }, cancellationToken: timeout.Token);
        var changeId = proposal.GetProperty("changeId").GetString()!;
        var approve = await CliFromRootAsync("approvals", "approve", changeId, "--key", gate.AliceKey, "--data-dir", gate.DataDir);
        approve.ExitCode.Should().Be(0, approve.ToString());
        var final = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["wait_seconds"] = 90 }, cancellationToken: timeout.Token);
        final.GetProperty("status").GetString().Should().Be("verified", final.ToString());

        var timeline = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["detail"] = "timeline" }, cancellationToken: timeout.Token);
        var summary = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId, ["detail"] = "summary" }, cancellationToken: timeout.Token);
        var shown = await CliFromRootAsync("changes", "show", changeId, "--data-dir", gate.DataDir, "--json");

        shown.ExitCode.Should().Be(0, shown.ToString());
        JsonNode.DeepEquals(JsonNode.Parse(timeline.GetRawText()), JsonNode.Parse(shown.StandardOutput)).Should().BeTrue($"tool: {timeline}\ncli: {shown.StandardOutput}");
        timeline.GetProperty("state").GetString().Should().Be("verified");
        timeline.GetProperty("requester").GetString().Should().Be(GateFixture.Agent);
        timeline.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("event").GetString())
            .Should().Equal("proposed", "proven", "pending_approval", "approval_submitted", "approved", "executing", "executed", "verifying", "verified");
        var approval = timeline.GetProperty("approvals").EnumerateArray().Single();
        approval.GetProperty("identity").GetString().Should().Be("alice");
        approval.GetProperty("signatureVerified").GetBoolean().Should().BeTrue();
        timeline.GetProperty("execution").GetProperty("resultResourceVersion").GetString().Should().NotBeNullOrEmpty();
        timeline.GetRawText().Should().NotContain("\"envelope\"").And.NotContain("proofEnvelope");
        summary.GetProperty("status").GetString().Should().Be("verified", "detail: summary is today's answer");
        summary.TryGetProperty("steps", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("\"Timeline\"")]
    [InlineData("\"full\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("1")]
    public async Task GetChange_BadDetail_NamesTheValuesAndChangesNothing(string detail)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var result = await gate.Client.CallToolAsync("get_change", new Dictionary<string, object?>
        {
            ["change_id"] = "chg-aaaaaaaaaaaa",
            ["detail"] = JsonDocument.Parse(detail).RootElement,
        }, cancellationToken: timeout.Token);

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Be($"Invalid arguments for get_change: detail: must be \"summary\" or \"timeline\" (got {detail}).");
    }

    [Fact]
    public async Task GetChangeTimeline_UnknownChange_SaysSo()
    {
        using var timeout = new CancellationTokenSource(s_timeout);

        var result = await gate.Client.CallToolAsync("get_change", new Dictionary<string, object?> { ["change_id"] = "chg-aaaaaaaaaaaa", ["detail"] = "timeline" }, cancellationToken: timeout.Token);

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Be("No change chg-aaaaaaaaaaaa exists on this gate. Use the change id a write tool returned.");
    }

    private static Task<ProcessResult> CliFromRootAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(McpGateCli.DotNet, [McpGateCli.AssemblyPath, .. arguments], TimeSpan.FromSeconds(90), null, workingDirectory: "/");
}
