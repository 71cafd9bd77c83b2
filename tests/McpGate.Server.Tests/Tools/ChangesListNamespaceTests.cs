using FluentAssertions;
using McpGate.Testing.Mcp;
using Xunit;

namespace McpGate.Server.Tests.Tools;

public sealed class ChangesListNamespaceTests
{
    [Fact]
    public async Task ChangesList_ByNamespace_OnlyThatNamespacesChanges()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await gate.Client.CallToolAsync("scale_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 3, ["reason"] = "r" });
        await gate.Client.CallToolAsync("scale_deployment", new Dictionary<string, object?> { ["namespace"] = "prod", ["name"] = "web", ["replicas"] = 5, ["reason"] = "r" });

        var demo = await gate.Client.CallToolAsync("changes_list", new Dictionary<string, object?> { ["namespace"] = "demo" });
        var prod = await gate.Client.CallToolAsync("changes_list", new Dictionary<string, object?> { ["namespace"] = "prod" });
        var none = await gate.Client.CallToolAsync("changes_list", new Dictionary<string, object?> { ["namespace"] = "staging" });

        demo.StructuredContent!.Value.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("namespace").GetString()).Should().Equal("demo");
        prod.StructuredContent!.Value.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("status").GetString()).Should().Equal("denied");
        none.StructuredContent!.Value.GetProperty("count").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("Demo")]
    [InlineData("demo ")]
    [InlineData("")]
    [InlineData("-demo")]
    public async Task ChangesList_BadNamespace_ErrorNamesTheField(string ns)
    {
        await using var gate = await InMemoryGate.StartAsync();

        var result = await gate.Client.CallToolAsync("changes_list", new Dictionary<string, object?> { ["namespace"] = ns });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("namespace: must be a Kubernetes namespace name");
    }
}
