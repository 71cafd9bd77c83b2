using FluentAssertions;
using McpGate.Testing.Mcp;
using Xunit;

namespace McpGate.Server.Tests.Tools;

public sealed class ContextsListToolTests
{
    [Fact]
    public async Task ContextsList_NoKubeconfigGiven_TheContextInUse()
    {
        await using var gate = await InMemoryGate.StartAsync();

        var result = await gate.Client.CallToolAsync("contexts_list", new Dictionary<string, object?>());

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        var contexts = result.StructuredContent!.Value.GetProperty("contexts");
        contexts.GetArrayLength().Should().Be(1);
        contexts[0].GetProperty("inUse").GetBoolean().Should().BeTrue();
        contexts[0].GetProperty("name").GetString().Should().Be(gate.Harness.Cluster.ClusterName);
        McpGateClient.TextOf(result).Should().Contain("CURRENT").And.Contain("* ");
    }

    [Fact]
    public async Task ContextsList_UnknownArgument_ClearError()
    {
        await using var gate = await InMemoryGate.StartAsync();

        var result = await gate.Client.CallToolAsync("contexts_list", new Dictionary<string, object?> { ["context"] = "prod" });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("context: not a parameter");
    }
}
