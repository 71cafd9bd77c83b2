using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests;

/// <summary><c>mcpgate demo</c> runs the whole flow, approving through the gate's approval API.</summary>
public sealed class DemoThroughApprovalApiTests
{
    [Fact]
    public async Task Demo_ApprovesThroughTheApprovalApi_AndVerifies()
    {
        using var temp = new TempDirectory("mcpgate-demo-");

        var demo = await McpGateCli.RunAsync(["demo", "--dir", temp.Path], TimeSpan.FromMinutes(3));

        demo.ExitCode.Should().Be(0, demo.ToString());
        demo.StandardOutput.Should().Contain("approves through the gate's approval API")
            .And.MatchRegex(@"http://127\.0\.0\.1:\d+/api/v1/changes/chg-[a-z2-7]{12}: 0 of 1 approvals, needs one more from group sre")
            .And.Contain("approval recorded by the gate: 1 of 1 approvals, quorum met")
            .And.Contain("final state verified")
            .And.Contain("web: 5/5 ready");
    }
}
