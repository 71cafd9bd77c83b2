using McpGate.Testing.Mcp;

namespace McpGate.Server.Tests.Tools;

/// <summary>rollout_status and rollout_history on the seeded, settled workloads, through a real MCP client.</summary>
public sealed class RolloutToolsTests(SettledGateFixture fixture) : IClassFixture<SettledGateFixture>
{
    private InMemoryGate Gate => fixture.Gate;

    [Theory]
    [InlineData("deployment", "demo", "web", 2, "deployment \"web\" successfully rolled out")]
    [InlineData("deployment", "prod", "api", 3, "deployment \"api\" successfully rolled out")]
    [InlineData("statefulset", "prod", "cache", 3, "partitioned roll out complete: 3 new pods have been updated")]
    [InlineData("daemonset", "prod", "log-agent", 2, "daemon set \"log-agent\" successfully rolled out")]
    public async Task RolloutStatus_SettledWorkload_IsComplete(string kind, string ns, string name, int desired, string verdict)
    {
        var result = await Gate.Client.CallToolAsync("rollout_status", new Dictionary<string, object?> { ["kind"] = kind, ["namespace"] = ns, ["name"] = name });

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        McpGateClient.TextOf(result).Should().StartWith($"{kind} {ns}/{name} on cluster sandbox: complete: {verdict}")
            .And.Contain("DESIRED").And.Contain("UP-TO-DATE").And.Contain("AVAILABLE");
        var data = result.StructuredContent!.Value;
        data.GetProperty("state").GetString().Should().Be("complete");
        data.GetProperty("done").GetBoolean().Should().BeTrue();
        data.GetProperty("verdict").GetString().Should().StartWith(verdict);
        data.GetProperty("desired").GetInt64().Should().Be(desired);
        data.GetProperty("updated").GetInt64().Should().Be(desired);
        data.GetProperty("ready").GetInt64().Should().Be(desired);
        data.GetProperty("observedGeneration").GetInt64().Should().Be(data.GetProperty("generation").GetInt64());
    }

    [Theory]
    [InlineData("rollout_status", "deployment", "demo", "wbe", "deployment wbe was not found in namespace demo on cluster sandbox. Similar names in namespace demo: web.")]
    [InlineData("rollout_history", "deployment", "demo", "apii", "deployment apii was not found in namespace demo on cluster sandbox. Similar names in namespace demo: api.")]
    [InlineData("rollout_status", "statefulset", "prod", "cahce", "statefulset cahce was not found in namespace prod on cluster sandbox. Similar names in namespace prod: cache.")]
    [InlineData("rollout_history", "daemonset", "demo", "log-agent", "daemonset log-agent was not found in namespace demo on cluster sandbox. There are no daemonsets in namespace demo.")]
    [InlineData("rollout_status", "deployment", "nowhere", "web", "Namespace nowhere does not exist either; the namespaces_list tool lists what exists.")]
    public async Task Rollout_UnknownWorkload_NamesTheNearest(string tool, string kind, string ns, string name, string expected)
    {
        var result = await Gate.Client.CallToolAsync(tool, new Dictionary<string, object?> { ["kind"] = kind, ["namespace"] = ns, ["name"] = name });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().EndWith(expected);
    }

    [Theory]
    [InlineData("replicaset")]
    [InlineData("Deployment")]
    [InlineData("deployments")]
    [InlineData("pod")]
    public async Task Rollout_KindOutsideTheEnum_IsRefusedNamingTheField(string kind)
    {
        foreach (var tool in new[] { "rollout_status", "rollout_history" })
        {
            var result = await Gate.Client.CallToolAsync(tool, new Dictionary<string, object?> { ["kind"] = kind, ["namespace"] = "demo", ["name"] = "web" });

            result.IsError.Should().BeTrue();
            McpGateClient.TextOf(result).Should().StartWith($"Invalid arguments for {tool}").And.Contain("kind");
        }
    }

    [Fact]
    public async Task RolloutHistory_SeededDeployment_HasOneCurrentRevision()
    {
        var result = await Gate.Client.CallToolAsync("rollout_history", new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "staging", ["name"] = "api" });

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        McpGateClient.TextOf(result).Should().StartWith("deployment staging/api on cluster sandbox: 1 revision recorded, current 1\n")
            .And.MatchRegex(@"\n1\s+\*\s+\d+[smhd]\s+ghcr\.io/example/api:1\.5\.0-rc\.1\s+<none>\n");
        var revision = result.StructuredContent!.Value.GetProperty("revisions").EnumerateArray().Single();
        revision.GetProperty("revision").GetInt64().Should().Be(1);
        revision.GetProperty("current").GetBoolean().Should().BeTrue();
        revision.GetProperty("recordedBy").GetString().Should().StartWith("api-");
    }

    [Theory]
    [InlineData("statefulset", "cache")]
    [InlineData("daemonset", "log-agent")]
    public async Task RolloutHistory_WorkloadWithoutRecordedRevisions_SaysNone(string kind, string name)
    {
        var result = await Gate.Client.CallOkAsync("rollout_history", new() { ["kind"] = kind, ["namespace"] = "prod", ["name"] = name });

        result.GetProperty("revisions").GetArrayLength().Should().Be(0, "the sandbox keeps no ControllerRevisions of its own");
        result.GetProperty("currentRevision").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }
}
