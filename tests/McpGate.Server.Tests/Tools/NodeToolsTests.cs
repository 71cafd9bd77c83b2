using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Testing.Mcp;

namespace McpGate.Server.Tests.Tools;

/// <summary>nodes_list, nodes_top and pods_top through a real MCP client against the sandbox (metrics.k8s.io served).</summary>
public sealed class NodeToolsTests(SettledGateFixture fixture) : IClassFixture<SettledGateFixture>
{
    private InMemoryGate Gate => fixture.Gate;

    [Fact]
    public async Task NodesList_SeededNodes_ShowStatusRolesVersionAndCapacity()
    {
        var result = await Gate.Client.CallToolAsync("nodes_list", new Dictionary<string, object?>());

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        var text = McpGateClient.TextOf(result);
        text.Should().StartWith("2 nodes on cluster sandbox\n").And.Contain("NAME").And.Contain("STATUS").And.Contain("ROLES").And.Contain("VERSION");
        text.Should().MatchRegex(@"sandbox-worker-1\s+Ready\s+<none>\s+\d+[smhd]\s+v1\.32\.0");
        var nodes = result.StructuredContent!.Value.GetProperty("nodes").EnumerateArray().ToList();
        nodes.Select(n => n.GetProperty("name").GetString()).Should().Equal("sandbox-worker-1", "sandbox-worker-2");
        var node = nodes[0];
        node.GetProperty("status").GetString().Should().Be("Ready");
        node.GetProperty("unschedulable").GetBoolean().Should().BeFalse();
        node.GetProperty("conditions").GetArrayLength().Should().Be(0, "a healthy node has no abnormal condition");
        node.GetProperty("capacity").GetRawText().Should().Be("""{"cpu":"4","memory":"8Gi","pods":"110"}""");
        node.GetProperty("allocatable").GetProperty("pods").GetString().Should().Be("110");
        node.GetProperty("taints").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task NodesList_LabelSelectorMatchingNothing_SaysNone()
    {
        var result = await Gate.Client.CallOkAsync("nodes_list", new() { ["label_selector"] = "node-role.kubernetes.io/gpu" });

        result.GetProperty("count").GetInt32().Should().Be(0);
        result.GetProperty("nodes").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task NodesTop_MetricsServed_ShowsUseAndShareOfAllocatable_BusiestFirst()
    {
        var result = await Gate.Client.CallToolAsync("nodes_top", new Dictionary<string, object?>());

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        McpGateClient.TextOf(result).Should().Contain("CPU(cores)").And.Contain("CPU%").And.Contain("MEMORY%").And.MatchRegex(@"sandbox-worker-\d\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%");
        var data = result.StructuredContent!.Value;
        data.GetProperty("sortedBy").GetString().Should().Be("cpu");
        var nodes = data.GetProperty("nodes").EnumerateArray().ToList();
        nodes.Should().HaveCount(2);
        nodes.Select(n => n.GetProperty("cpuMillicores").GetInt64()).Should().BeInDescendingOrder().And.OnlyContain(m => m > 0);
        foreach (var node in nodes)
        {
            node.GetProperty("allocatableCpuMillicores").GetInt64().Should().Be(4000);
            node.GetProperty("allocatableMemoryMebibytes").GetInt64().Should().Be(8192);
            node.GetProperty("cpuPercent").GetInt64().Should().Be(node.GetProperty("cpuMillicores").GetInt64() * 100 / 4000);
            node.GetProperty("memoryPercent").GetInt64().Should().BeInRange(node.GetProperty("memoryMebibytes").GetInt64() * 100 / 8192, (node.GetProperty("memoryMebibytes").GetInt64() + 1) * 100 / 8192);
        }
    }

    [Fact]
    public async Task NodesTop_OneNode_ShowsOnlyIt()
    {
        var result = await Gate.Client.CallOkAsync("nodes_top", new() { ["name"] = "sandbox-worker-2" });

        result.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).Should().Equal("sandbox-worker-2");
    }

    [Fact]
    public async Task NodesTop_UnknownNode_NamesTheNearest()
    {
        var result = await Gate.Client.CallToolAsync("nodes_top", new Dictionary<string, object?> { ["name"] = "sandbox-worker-3" });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Be("node sandbox-worker-3 was not found on cluster sandbox. Similar names: sandbox-worker-1, sandbox-worker-2.");
    }

    [Fact]
    public async Task PodsTop_AllNamespaces_SortedByCpuWithContainers()
    {
        var result = await Gate.Client.CallToolAsync("pods_top", new Dictionary<string, object?>());

        result.IsError.Should().NotBe(true, McpGateClient.TextOf(result));
        var text = McpGateClient.TextOf(result);
        text.Should().Contain("in all namespaces on cluster sandbox, busiest CPU first\n").And.Contain("NAMESPACE").And.Contain("CONTAINERS");
        var pods = result.StructuredContent!.Value.GetProperty("pods").EnumerateArray().ToList();
        pods.Select(p => p.GetProperty("namespace").GetString()).Should().Contain(["demo", "prod", "staging"]);
        pods.Select(p => p.GetProperty("cpuMillicores").GetInt64()).Should().BeInDescendingOrder();
        foreach (var pod in pods)
        {
            var containers = pod.GetProperty("containers").EnumerateArray().ToList();
            containers.Should().NotBeEmpty();
            containers.Sum(c => c.GetProperty("cpuMillicores").GetInt64()).Should().BeGreaterThanOrEqualTo(pod.GetProperty("cpuMillicores").GetInt64() - containers.Count + 1);
            containers.Select(c => c.GetProperty("name").GetString()).Should().NotContainNulls();
        }
    }

    [Fact]
    public async Task PodsTop_NamespaceAndLabelSelector_OnlyThosePods()
    {
        var result = await Gate.Client.CallOkAsync("pods_top", new() { ["namespace"] = "prod", ["label_selector"] = "app=web" });

        var pods = result.GetProperty("pods").EnumerateArray().ToList();
        pods.Should().HaveCount(4, "prod/web runs 4 replicas");
        pods.Should().OnlyContain(p => p.GetProperty("name").GetString()!.StartsWith("web-", StringComparison.Ordinal));
        pods.Should().OnlyContain(p => p.GetProperty("namespace").GetString() == "prod");
        pods.Should().OnlyContain(p => p.GetProperty("containers").EnumerateArray().Single().GetProperty("name").GetString() == "web");
    }

    [Fact]
    public async Task PodsTop_OnePod_ShowsItsContainers()
    {
        var name = (await Gate.Client.CallOkAsync("pods_top", new() { ["namespace"] = "demo", ["label_selector"] = "app=api" }))
            .GetProperty("pods")[0].GetProperty("name").GetString();

        var result = await Gate.Client.CallOkAsync("pods_top", new() { ["namespace"] = "demo", ["name"] = name });

        result.GetProperty("count").GetInt32().Should().Be(1);
        result.GetProperty("pods")[0].GetProperty("name").GetString().Should().Be(name);
        result.GetProperty("pods")[0].GetProperty("memoryMebibytes").GetInt64().Should().BePositive();
    }

    [Theory]
    [InlineData("demo", "web-nope", "pod web-nope was not found in namespace demo on cluster sandbox.")]
    [InlineData("nowhere", "web", "Namespace nowhere does not exist either")]
    [InlineData(null, "web", "give the namespace of pod web")]
    public async Task PodsTop_UnknownPodOrNoNamespace_SaysWhatToGive(string? ns, string name, string expected)
    {
        var arguments = new Dictionary<string, object?> { ["name"] = name };
        if (ns is not null)
        {
            arguments["namespace"] = ns;
        }

        var result = await Gate.Client.CallToolAsync("pods_top", arguments);

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain(expected);
    }

    [Fact]
    public async Task PodsTop_UnknownNamespace_SaysItDoesNotExist()
    {
        var result = await Gate.Client.CallToolAsync("pods_top", new Dictionary<string, object?> { ["namespace"] = "dem0" });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Be("namespace dem0 does not exist on cluster sandbox. Check its spelling; the namespaces_list tool lists what exists.");
    }

    [Fact]
    public async Task PodsTop_PodWithNoRunningContainer_SaysWhyNoMetrics()
    {
        // A pod no node accepts stays Pending: metrics-server measures nothing for it.
        var pods = new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "staging" };
        await Gate.Harness.Cluster.CreateAsync(pods, new CreateRequest
        {
            Body = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"pending-top"},"spec":{"nodeSelector":{"pool":"none"},"containers":[{"name":"c","image":"nginx:1.27"}]}}""")!.AsObject(),
        }, dryRun: false);

        var result = await Gate.Client.CallToolAsync("pods_top", new Dictionary<string, object?> { ["namespace"] = "staging", ["name"] = "pending-top" });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().StartWith("pod pending-top in namespace staging has no metrics: it is Pending, and metrics-server measures running containers only");
    }

    [Theory]
    [InlineData("nodes_top", "name", "Sandbox-Worker-1")]
    [InlineData("pods_top", "namespace", "../kube-system")]
    [InlineData("pods_top", "name", "web/../../nodes")]
    public async Task Top_ArgumentOutsideItsPattern_IsRefusedNamingTheField(string tool, string field, string value)
    {
        var arguments = new Dictionary<string, object?> { [field] = value };
        if (tool == "pods_top")
        {
            arguments.TryAdd("namespace", "demo");
        }

        var result = await Gate.Client.CallToolAsync(tool, arguments);

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().StartWith($"Invalid arguments for {tool}").And.Contain(field);
    }
}
