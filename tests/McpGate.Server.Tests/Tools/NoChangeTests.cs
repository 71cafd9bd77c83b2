using FluentAssertions;
using McpGate.Testing.Mcp;
using Xunit;

namespace McpGate.Server.Tests.Tools;

/// <summary>A write that would change nothing is answered at once: no change recorded, nothing to approve, the cluster untouched.</summary>
public sealed class NoChangeTests
{
    public static TheoryData<string, Dictionary<string, object?>> NoOps => new()
    {
        { "scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 2, ["reason"] = "r" } },
        { "scale_workload", new() { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 2, ["reason"] = "r" } },
        { "set_image", new() { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web", ["container"] = "web", ["image"] = "nginx:1.27", ["reason"] = "r" } },
        { "patch_resource", new() { ["resource"] = "apps/v1/deployments", ["namespace"] = "demo", ["name"] = "web", ["patch_type"] = "merge", ["patch"] = "{\"spec\":{\"replicas\":2}}", ["reason"] = "r" } },
        { "patch_resource", new() { ["resource"] = "apps/v1/deployments", ["namespace"] = "demo", ["name"] = "web", ["patch_type"] = "json", ["patch"] = "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]", ["reason"] = "r" } },
    };

    [Theory]
    [MemberData(nameof(NoOps))]
    public async Task Write_ClusterAlreadyAsAsked_AnsweredAtOnceNothingRecorded(string tool, Dictionary<string, object?> arguments)
    {
        await using var gate = await InMemoryGate.StartAsync();
        var before = await gate.Harness.Cluster.GetAsync(McpGate.Testing.Engine.GateHarness.Web);

        var result = await gate.Client.CallToolAsync(tool, arguments);

        var text = McpGateClient.TextOf(result);
        if (text.Contains("Invalid arguments", StringComparison.Ordinal))
        {
            Assert.Fail($"{tool}: the test's arguments do not fit the manifest: {text}");
        }

        result.IsError.Should().NotBe(true, text);
        result.StructuredContent!.Value.GetProperty("noChange").GetBoolean().Should().BeTrue();
        text.Should().Contain("already is as asked").And.Contain("no approval is needed");
        (await gate.Harness.Ledger.ListChangesAsync()).Should().BeEmpty("nothing to approve is recorded");
        var after = await gate.Harness.Cluster.GetAsync(McpGate.Testing.Engine.GateHarness.Web);
        after!["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(before!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_ThatChangesSomething_StillPendingApproval()
    {
        await using var gate = await InMemoryGate.StartAsync();

        var result = await gate.Client.CallToolAsync("scale_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 3, ["reason"] = "r" });

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        McpGateClient.TextOf(result).Should().Contain("pending_approval");
        (await gate.Harness.Ledger.ListChangesAsync()).Should().ContainSingle();
    }
}
