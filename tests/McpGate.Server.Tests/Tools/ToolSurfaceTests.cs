using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Server.Hosting;
using McpGate.Server.Tools;
using ModelContextProtocol;
using McpGate.Testing.Mcp;

namespace McpGate.Server.Tests.Tools;

public sealed class ToolSurfaceTests
{
    [Fact]
    public async Task ListTools_DerivesSchemaHintsAndNoticeFromManifests()
    {
        await using var gate = await InMemoryGate.StartAsync();

        var tools = (await gate.Client.ListToolsAsync()).ToDictionary(t => t.Name, t => t.ProtocolTool);

        var scale = tools["scale_deployment"];
        scale.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString())
            .Should().BeEquivalentTo("namespace", "name", "replicas", "reason");
        scale.InputSchema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        scale.InputSchema.GetProperty("properties").GetProperty("replicas").GetProperty("type").GetString().Should().Be("integer");
        scale.Description.Should().Contain("a human must approve outside this conversation");
        scale.Annotations!.ReadOnlyHint.Should().BeFalse();
        scale.Annotations.OpenWorldHint.Should().BeFalse();

        var getChange = tools["get_change"];
        getChange.Annotations!.ReadOnlyHint.Should().BeTrue();
        getChange.InputSchema.GetProperty("properties").GetProperty("wait_seconds").GetProperty("maximum").GetInt32().Should().Be(300);

        var listChanges = tools["changes_list"];
        listChanges.Annotations!.ReadOnlyHint.Should().BeTrue();
        listChanges.Annotations.DestructiveHint.Should().BeFalse();
        listChanges.InputSchema.GetProperty("properties").GetProperty("state").GetProperty("enum").EnumerateArray()
            .Select(e => e.GetString()).Should().Contain(["pending_approval", "verified"]);
        listChanges.InputSchema.GetProperty("properties").TryGetProperty("requester", out _).Should().BeFalse("an agent cannot ask for another requester's changes");
    }

    [Fact]
    public async Task ToolsListedBeforeTheRuntimeIsReady_AreExactlyTheToolsServedOnceItIs()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var served = await gate.Client.ListToolsAsync();

        // What serve lists while the cluster is identified (DeferredTool), from the manifests alone.
        var early = McpGateServer.DescribeTools(gate.Harness.Manifests);

        early.Select(t => t.Name).Should().Equal(served.Select(t => t.Name), "same tools, same order");
        foreach (var (before, after) in early.Zip(served))
        {
            JsonSerializer.Serialize(before, McpJsonUtilities.DefaultOptions)
                .Should().Be(JsonSerializer.Serialize(after.ProtocolTool, McpJsonUtilities.DefaultOptions), "tool {0} is described alike", before.Name);
        }
    }

    [Fact]
    public async Task ReadTool_AnswersFromTheCluster()
    {
        await using var gate = await InMemoryGate.StartAsync();

        var list = await gate.Client.CallOkAsync("list_deployments", new() { ["namespace"] = "demo" });

        list.GetProperty("cluster").GetString().Should().Be("sandbox");
        list.GetProperty("deployments").EnumerateArray().Select(d => d.GetProperty("name").GetString())
            .Should().Contain(["web", "api"]);
        var web = list.GetProperty("deployments").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "web");
        web.GetProperty("images").EnumerateArray().Single().GetString().Should().Be("nginx:1.27");
    }

    [Fact]
    public async Task ReadTool_GetDeployment_ShowsContainersAndConditions_NeverEnvironmentValues()
    {
        await using var gate = await InMemoryGate.StartAsync();
        var deployments = new ResourceRef { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };
        await gate.Harness.Cluster.PatchAsync(deployments, new PatchRequest
        {
            Type = PatchType.StrategicMerge,
            Patch = JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"DB_PASSWORD","value":"hunter2-not-for-agents"}]}]}}}}""")!,
        }, dryRun: false);
        await gate.Harness.Sandbox.WaitForSettledAsync(TimeSpan.FromSeconds(30));

        var web = await gate.Client.CallOkAsync("get_deployment", new() { ["namespace"] = "demo", ["name"] = "web" });

        var container = web.GetProperty("containers").EnumerateArray().Single();
        container.GetProperty("name").GetString().Should().Be("web");
        container.GetProperty("image").GetString().Should().Be("nginx:1.27");
        container.GetProperty("env").EnumerateArray().Select(e => e.GetString()).Should().Equal("DB_PASSWORD");
        web.GetProperty("conditions").EnumerateArray().Select(c => c.GetProperty("type").GetString()).Should().Contain(["Available", "Progressing"]);
        web.GetProperty("strategy").GetProperty("type").GetString().Should().Be("RollingUpdate");
        web.GetRawText().Should().NotContain("hunter2");
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("dem0")]
    public async Task ReadTool_ListInANamespaceThatDoesNotExist_SaysSo(string ns)
    {
        await using var gate = await InMemoryGate.StartAsync();

        var result = await gate.Client.CallToolAsync("list_deployments", new Dictionary<string, object?> { ["namespace"] = ns });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain($"namespace {ns} does not exist on cluster sandbox");
    }

    [Fact]
    public async Task ReadTool_ListInAnEmptyNamespace_IsAnEmptyList()
    {
        await using var gate = await InMemoryGate.StartAsync();

        var list = await gate.Client.CallOkAsync("list_deployments", new() { ["namespace"] = "default" });

        list.GetProperty("deployments").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task WriteTool_ReturnsPendingChange_WithTheOperatorsCommand_AndConfiguredRequester()
    {
        await using var gate = await InMemoryGate.StartAsync();

        var change = await gate.Client.CallOkAsync("scale_deployment", new()
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = 3,
            ["reason"] = "server test",
        });

        change.GetProperty("status").GetString().Should().Be("pending_approval");
        change.GetProperty("requester").GetString().Should().Be("test-agent");
        change.GetProperty("approveCommand").GetString().Should().StartWith($"mcpgate approvals approve {change.GetProperty("changeId").GetString()} --key KEYFILE");
        change.GetProperty("next").GetString().Should().Contain("Nothing has changed yet");
        (await gate.Harness.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Fact]
    public async Task GetChange_OfAPendingChange_SaysWhereItStandsAgainstItsQuorum()
    {
        await using var gate = await InMemoryGate.StartAsync(McpGate.Testing.Engine.GateHarness.TwoApprovalsFromSre);
        var proposal = await gate.Client.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 3, ["reason"] = "quorum" });
        var changeId = proposal.GetProperty("changeId").GetString()!;

        proposal.GetProperty("quorum").GetString().Should().Be("0 of 2 approvals, needs 2 more from group sre");
        await gate.Harness.SubmitAsync(changeId, "alice");
        await gate.Harness.Engine.ProcessAsync();
        var change = await gate.Client.CallOkAsync("get_change", new() { ["change_id"] = changeId });

        change.GetProperty("status").GetString().Should().Be("pending_approval");
        change.GetProperty("quorum").GetString().Should().Be("1 of 2 approvals, needs one more from group sre");
        (await gate.Harness.ObserveWebAsync()).Replicas.Should().Be(2);
    }

    [Theory]
    [InlineData("reason", "line one\u001b[2Jcleared")]
    [InlineData("reason", "looks fine\u202Eevil")]
    public async Task WriteTool_RefusesControlCharactersInText(string argument, string value)
    {
        await using var gate = await InMemoryGate.StartAsync();

        var result = await gate.Client.CallToolAsync("scale_deployment", new Dictionary<string, object?>
        {
            ["namespace"] = "demo",
            ["name"] = "web",
            ["replicas"] = 3,
            [argument] = value,
        });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain($"{argument}: must be one line of visible text");
    }

    [Fact]
    public async Task Tools_ReportClusterOutages_AsToolErrors_AndKeepServing()
    {
        await using var gate = await InMemoryGate.StartAsync();
        await gate.Harness.Sandbox.DisposeAsync();

        var result = await gate.Client.CallToolAsync("list_deployments", new Dictionary<string, object?> { ["namespace"] = "demo" });

        result.IsError.Should().BeTrue();
        McpGateClient.TextOf(result).Should().Contain("cluster read failed");
        var again = await gate.Client.CallToolAsync("get_change", new Dictionary<string, object?> { ["change_id"] = "chg-aaaaaaaaaaaa" });
        McpGateClient.TextOf(again).Should().Contain("No change chg-aaaaaaaaaaaa", "the server still answers");
    }
}
