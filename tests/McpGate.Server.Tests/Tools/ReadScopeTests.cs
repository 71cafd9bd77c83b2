using FluentAssertions;
using McpGate.Testing.Mcp;
using Xunit;

namespace McpGate.Server.Tests.Tools;

/// <summary>The policy's read scope, enforced below the read tools: refused reads send nothing to the cluster.</summary>
public sealed class ReadScopeTests
{
    private const string Scope = """
        readScope:
          namespaces: [demo, 'team-*']
          deny: [secrets]
        rules: []
        """;

    [Theory]
    [InlineData("prod")]
    [InlineData("kube-system")]
    [InlineData("demo-evil")]
    [InlineData("teamx")]
    [InlineData("default")]
    public async Task ListDeployments_NamespaceOutsideScope_RefusedNamingTheScopeAndNothingRead(string ns)
    {
        await using var gate = await InMemoryGate.StartAsync(Scope);
        var before = gate.Harness.Sandbox.CountRequests("GET", $"/apis/apps/v1/namespaces/{ns}/");

        var result = await gate.Client.CallToolAsync("list_deployments", new Dictionary<string, object?> { ["namespace"] = ns });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("readScope.namespaces at").And.Contain($"namespace {ns} is outside").And.Contain("demo, team-*");
        gate.Harness.Sandbox.CountRequests("GET", $"/apis/apps/v1/namespaces/{ns}/").Should().Be(before, "a refused read sends nothing");
    }

    [Fact]
    public async Task GetDeployment_InsideScope_Answered()
    {
        await using var gate = await InMemoryGate.StartAsync(Scope);

        var result = await gate.Client.CallToolAsync("get_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web" });

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        result.StructuredContent!.Value.GetProperty("name").GetString().Should().Be("web");
    }

    [Fact]
    public async Task GetDeployment_DeniedResource_Refused()
    {
        await using var gate = await InMemoryGate.StartAsync("readScope:\n  deny: [deployments.apps]\nrules: []\n");

        var result = await gate.Client.CallToolAsync("get_deployment", new Dictionary<string, object?> { ["namespace"] = "demo", ["name"] = "web" });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("readScope.deny").And.Contain("deployments.apps may not be read");
        McpGateClient.TextOf(result).Should().NotContain("nginx", "nothing of the object is shown");
    }

    [Fact]
    public async Task ListDeployments_ParallelCallsInAndOutOfScope_EachJudgedAlone()
    {
        await using var gate = await InMemoryGate.StartAsync(Scope);

        var calls = Enumerable.Range(0, 20).Select(i => gate.Client.CallToolAsync(
            "list_deployments", new Dictionary<string, object?> { ["namespace"] = i % 2 == 0 ? "demo" : "prod" }).AsTask()).ToList();
        var results = await Task.WhenAll(calls);

        for (var i = 0; i < results.Length; i++)
        {
            if (i % 2 == 0)
            {
                results[i].IsError.Should().NotBe(true, McpGateClient.TextOf(results[i]));
                McpGateClient.TextOf(results[i]).Should().Contain("web");
            }
            else
            {
                results[i].IsError.Should().BeTrue();
                McpGateClient.TextOf(results[i]).Should().Contain("outside").And.NotContain("worker");
            }
        }
    }
}
