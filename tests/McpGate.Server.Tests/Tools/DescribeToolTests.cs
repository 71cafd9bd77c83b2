using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Server.Tests.Tools;

/// <summary>resources_describe through MCP on the seeded sandbox: key facts, related state and events, as kubectl describe gives them.</summary>
public sealed class DescribeToolTests(ReadGateFixture fixture) : IClassFixture<ReadGateFixture>
{
    [Fact]
    public async Task Describe_Deployment_ShowsReplicaSetsPodsAndEvents()
    {
        var (text, data) = await fixture.ReadAsync("resources_describe", new() { ["kind"] = "deploy", ["namespace"] = "prod", ["name"] = "web" });

        text.Should().Contain("Name:         web").And.Contain("Namespace:    prod").And.Contain("Kind:         Deployment (apps/v1)")
            .And.Contain("Replicas:     4 desired | 4 updated | 4 total | 4 available | 0 unavailable")
            .And.Contain("Selector:     app=web").And.Contain("ReplicaSets:").And.Contain("current")
            .And.Contain("4 pods, 4 ready: 4 Running").And.Contain("Events:").And.Contain("ScalingReplicaSet");
        var replicaSets = data.GetProperty("replicaSets").EnumerateArray().ToList();
        replicaSets.Should().ContainSingle(rs => rs.GetProperty("current").GetBoolean());
        replicaSets.Single(rs => rs.GetProperty("current").GetBoolean()).GetProperty("replicas").GetInt32().Should().Be(4);
        data.GetProperty("pods").GetProperty("total").GetInt32().Should().Be(4);
        data.GetProperty("pods").GetProperty("notReady").GetArrayLength().Should().Be(0);
        data.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("reason").GetString()).Should().Contain("ScalingReplicaSet");
        data.GetProperty("object").GetProperty("replicas").GetInt32().Should().Be(4);
    }

    [Fact]
    public async Task Describe_Deployment_OldReplicaSetAfterAnImageChange_IsMarkedOld()
    {
        var gate = fixture.Gate;
        await CreateNamespaceAsync("rollouts");
        await gate.Harness.Cluster.CreateAsync(Deployments("rollouts"), new CreateRequest { Body = Deployment("rollouts", "shop", "nginx:1.27") }, dryRun: false);
        await WaitUntilAsync(() => RolledOutAsync("rollouts", "shop", 1));
        await gate.Harness.Cluster.PatchAsync(Deployments("rollouts") with { Name = "shop" }, new PatchRequest
        {
            Type = PatchType.StrategicMerge,
            Patch = JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""")!,
        }, dryRun: false);
        await WaitUntilAsync(() => RolledOutAsync("rollouts", "shop", 2));

        var (text, data) = await fixture.ReadAsync("resources_describe", new() { ["kind"] = "deployment", ["namespace"] = "rollouts", ["name"] = "shop" });

        var replicaSets = data.GetProperty("replicaSets").EnumerateArray().ToList();
        replicaSets.Should().HaveCount(2);
        var current = replicaSets.Single(rs => rs.GetProperty("current").GetBoolean());
        current.GetProperty("revision").GetInt32().Should().Be(2);
        current.GetProperty("images").EnumerateArray().Single().GetString().Should().Be("nginx:1.28");
        replicaSets.Single(rs => !rs.GetProperty("current").GetBoolean()).GetProperty("replicas").GetInt32().Should().Be(0);
        text.Should().Contain("old");
    }

    [Fact]
    public async Task Describe_CrashLoopingPod_ShowsContainerStatesAndWarningsFirst()
    {
        var gate = fixture.Gate;
        await CreateNamespaceAsync("crashing");
        await gate.Harness.Cluster.CreateAsync(Deployments("crashing"), new CreateRequest { Body = Deployment("crashing", "broken", "ghcr.io/example/api:crashloop") }, dryRun: false);
        var pod = string.Empty;
        await WaitUntilAsync(async () =>
        {
            var list = await gate.Harness.Cluster.ListAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "crashing" });
            pod = list["items"]!.AsArray().OfType<JsonObject>().FirstOrDefault(p => p["status"]?["containerStatuses"]?[0]?["lastState"]?["terminated"] is not null)?["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
            return pod.Length > 0;
        });

        var (text, data) = await fixture.ReadAsync("resources_describe", new() { ["kind"] = "po", ["namespace"] = "crashing", ["name"] = pod });

        text.Should().Contain("Status:       CrashLoopBackOff").And.Contain("Containers:").And.Contain("Waiting: CrashLoopBackOff")
            .And.Contain("Terminated: Error (exit code 1)").And.Contain("Controlled By: ReplicaSet/broken-");
        var container = data.GetProperty("containers").EnumerateArray().Single();
        container.GetProperty("ready").GetBoolean().Should().BeFalse();
        container.GetProperty("lastState").GetString().Should().Contain("exit code 1");
        var events = data.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        events.Should().Contain("Warning").And.Contain("Normal");
        events.TakeWhile(t => t == "Warning").Count().Should().Be(events.Count(t => t == "Warning"), "warnings come first");

        var (deploymentText, deployment) = await fixture.ReadAsync("resources_describe", new() { ["kind"] = "deploy", ["namespace"] = "crashing", ["name"] = "broken" });
        deployment.GetProperty("pods").GetProperty("notReady").EnumerateArray().Single().GetProperty("status").GetString().Should().Be("CrashLoopBackOff");
        deploymentText.Should().Contain("1 pods, 0 ready: 1 CrashLoopBackOff").And.Contain(pod);
    }

    [Fact]
    public async Task Describe_Service_ShowsItsEndpoints()
    {
        var pods = await fixture.Gate.Harness.Cluster.ListAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "prod" }, "app=web");
        var ips = pods["items"]!.AsArray().Select(p => p!["status"]!["podIP"]!.GetValue<string>()).ToList();

        var (text, data) = await fixture.ReadAsync("resources_describe", new() { ["kind"] = "svc", ["namespace"] = "prod", ["name"] = "web" });

        text.Should().Contain("Type:         ClusterIP").And.Contain("Selector:     app=web").And.Contain("Endpoints:");
        ips.Should().HaveCount(4);
        data.GetProperty("endpoints").GetProperty("addresses").EnumerateArray().Select(a => a.GetString()!.Split(':')[0]).Should().BeEquivalentTo(ips);
    }

    [Fact]
    public async Task Describe_Secret_ShowsKeysAndSizesNeverValues()
    {
        var (text, data) = await fixture.ReadAsync("resources_describe", new() { ["kind"] = "secret", ["namespace"] = "prod", ["name"] = "db-credentials" });

        text.Should().Contain("keys[0].name: password").And.Contain("keys[0].bytes: 19");
        text.Should().NotContain("s3cr3t-sandbox-only");
        data.GetRawText().Should().NotContain("s3cr3t-sandbox-only").And.NotContain("czNjcjN0");
    }

    [Fact]
    public async Task Describe_KindWithoutADescriber_ShowsItsFieldsAndEvents()
    {
        var (text, data) = await fixture.ReadAsync("resources_describe", new() { ["kind"] = "cm", ["namespace"] = "prod", ["name"] = "app-config" });

        text.Should().Contain("Kind:         ConfigMap (v1)").And.Contain("data.LOG_LEVEL: info").And.Contain("Events:\n<none>");
        data.GetProperty("object").GetProperty("data").GetProperty("LOG_LEVEL").GetString().Should().Be("info");
    }

    [Fact]
    public async Task Describe_ClusterScopedNode_NeedsNoNamespace()
    {
        var (text, _) = await fixture.ReadAsync("resources_describe", new() { ["kind"] = "node", ["name"] = "sandbox-worker-2" });

        text.Should().Contain("Name:         sandbox-worker-2").And.NotContain("Namespace:");
    }

    [Theory]
    [InlineData("deploy", "prod", "wbe", "Similar names in namespace prod: web")]
    [InlineData("deploymnt", "prod", "web", "serves no kind \"deploymnt\"")]
    [InlineData("po", "prod", "web", "was not found in namespace prod")]
    public async Task Describe_MissingObjectOrKind_SaysWhatIsNear(string kind, string ns, string name, string expected)
    {
        var text = await fixture.FailAsync("resources_describe", new() { ["kind"] = kind, ["namespace"] = ns, ["name"] = name });

        text.Should().Contain(expected);
    }

    private static ResourceRef Deployments(string ns) => new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = ns };

    private async Task CreateNamespaceAsync(string ns)
    {
        var namespaces = new ResourceRef { Group = string.Empty, Version = "v1", Resource = "namespaces" };
        if (await fixture.Gate.Harness.Cluster.GetAsync(namespaces with { Name = ns }) is null)
        {
            await fixture.Gate.Harness.Cluster.CreateAsync(namespaces, new CreateRequest
            {
                Body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } },
            }, dryRun: false);
        }
    }

    /// <summary>True once the deployment's controller saw <paramref name="generation"/> and every replica is updated and available.</summary>
    private async Task<bool> RolledOutAsync(string ns, string name, long generation)
    {
        var deployment = await fixture.Gate.Harness.Cluster.GetAsync(Deployments(ns) with { Name = name });
        var status = deployment?["status"];
        return status?["observedGeneration"]?.GetValue<long>() == generation
            && status["updatedReplicas"]?.GetValue<long>() == 1 && status["availableReplicas"]?.GetValue<long>() == 1 && status["replicas"]?.GetValue<long>() == 1;
    }

    /// <summary>
    /// Checks <paramref name="condition"/> after each pass of the sandbox's controllers (they run on their own
    /// timers; a crash-looping pod never lets them settle), for at most 30 s.
    /// </summary>
    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            timeout.Token.ThrowIfCancellationRequested();
            await fixture.Gate.Harness.Sandbox.WaitForIdleAsync(TimeSpan.FromSeconds(30), timeout.Token);
        }
    }

    private static JsonObject Deployment(string ns, string name, string image) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
            },
        },
    };
}
