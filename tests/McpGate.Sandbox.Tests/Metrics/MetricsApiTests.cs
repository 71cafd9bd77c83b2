using System.Net;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Metrics;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Metrics;

/// <summary>metrics.k8s.io/v1beta1 over real HTTP, shaped as metrics-server serves it.</summary>
public sealed class MetricsApiTests : IClassFixture<SandboxFixture>
{
    private const string Base = "/apis/metrics.k8s.io/v1beta1";
    private readonly SandboxFixture _fixture;

    public MetricsApiTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string, string> Writes => new()
    {
        { "POST", Base + "/namespaces/demo/pods" },
        { "PUT", Base + "/namespaces/demo/pods/web" },
        { "PATCH", Base + "/namespaces/demo/pods/web" },
        { "DELETE", Base + "/namespaces/demo/pods/web" },
        { "POST", Base + "/nodes" },
        { "DELETE", Base + "/nodes/sandbox-worker-1" },
    };

    [Fact]
    public async Task Discovery_MetricsServed_ListsGroupAndReadOnlyResources()
    {
        using var client = _fixture.CreateHttpClient();

        var groups = await SandboxApi.GetAsync(client, "/apis");
        var group = await SandboxApi.GetAsync(client, "/apis/metrics.k8s.io");
        var resources = await SandboxApi.GetAsync(client, Base);

        groups["groups"]!.AsArray().Select(g => (string)g!["name"]!).Should().Contain("metrics.k8s.io");
        group["preferredVersion"]!["groupVersion"]!.GetValue<string>().Should().Be("metrics.k8s.io/v1beta1");
        resources["groupVersion"]!.GetValue<string>().Should().Be("metrics.k8s.io/v1beta1");
        var byName = resources["resources"]!.AsArray().ToDictionary(r => (string)r!["name"]!, r => r!);
        byName.Keys.Should().BeEquivalentTo("nodes", "pods");
        byName["nodes"]["kind"]!.GetValue<string>().Should().Be("NodeMetrics");
        byName["nodes"]["namespaced"]!.GetValue<bool>().Should().BeFalse();
        byName["pods"]["kind"]!.GetValue<string>().Should().Be("PodMetrics");
        byName["pods"]["namespaced"]!.GetValue<bool>().Should().BeTrue();
        byName.Values.Should().AllSatisfy(r => r["verbs"]!.AsArray().Select(v => (string)v!).Should().Equal("get", "list"));
    }

    [Fact]
    public async Task ListPods_AllNamespaces_ReportsEveryRunningPodWithCanonicalQuantities()
    {
        await _fixture.WaitForSettledAsync();
        using var client = _fixture.CreateHttpClient();

        var metrics = await SandboxApi.GetAsync(client, Base + "/pods");
        var pods = await SandboxApi.GetAsync(client, "/api/v1/pods");

        metrics["kind"]!.GetValue<string>().Should().Be("PodMetricsList");
        var running = pods["items"]!.AsArray().Where(p => (string?)p!["status"]!["phase"] == "Running")
            .Select(p => $"{p!["metadata"]!["namespace"]}/{p["metadata"]!["name"]}").ToList();
        running.Should().NotBeEmpty();
        var items = metrics["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        items.Select(i => $"{i["metadata"]!["namespace"]}/{i["metadata"]!["name"]}").Should().BeEquivalentTo(running);
        items.Should().AllSatisfy(i =>
        {
            i["kind"]!.GetValue<string>().Should().Be("PodMetrics");
            i["window"]!.GetValue<string>().Should().Be("30s");
            DateTimeOffset.Parse((string)i["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(40));
            i["containers"]!.AsArray().Should().NotBeEmpty().And.AllSatisfy(c =>
            {
                c!["usage"]!["cpu"]!.GetValue<string>().Should().MatchRegex(@"^[1-9]\d*[num]?$");
                c["usage"]!["memory"]!.GetValue<string>().Should().MatchRegex(@"^[1-9]\d*(Ki|Mi|Gi)?$");
            });
        });
    }

    [Fact]
    public async Task ListPods_LabelSelector_ReturnsOnlyMatchingPodsWithTheirLabels()
    {
        await _fixture.WaitForSettledAsync();
        using var client = _fixture.CreateHttpClient();

        var metrics = await SandboxApi.GetAsync(client, Base + "/namespaces/demo/pods?labelSelector=app%3Dweb");

        var items = metrics["items"]!.AsArray();
        items.Should().HaveCount(2);
        items.Should().AllSatisfy(i => i!["metadata"]!["labels"]!["app"]!.GetValue<string>().Should().Be("web"));
        items.Should().AllSatisfy(i => i!["metadata"]!["namespace"]!.GetValue<string>().Should().Be("demo"));
    }

    [Fact]
    public async Task GetPod_Named_ReturnsItsContainersAndUnknownIsNotFound()
    {
        await _fixture.WaitForSettledAsync();
        using var client = _fixture.CreateHttpClient();
        var name = (string)(await SandboxApi.GetAsync(client, "/api/v1/namespaces/demo/pods?labelSelector=app%3Dapi"))["items"]![0]!["metadata"]!["name"]!;

        var pod = await SandboxApi.GetAsync(client, $"{Base}/namespaces/demo/pods/{name}");
        var (status, missing) = await SandboxApi.SendAsync(client, HttpMethod.Get, Base + "/namespaces/demo/pods/nope");

        pod["metadata"]!["name"]!.GetValue<string>().Should().Be(name);
        pod["containers"]!.AsArray().Select(c => (string)c!["name"]!).Should().Equal("api");
        status.Should().Be(HttpStatusCode.NotFound);
        missing["reason"]!.GetValue<string>().Should().Be("NotFound");
        missing["message"]!.GetValue<string>().Should().Be("pods.metrics.k8s.io \"nope\" not found");
    }

    [Fact]
    public async Task ListNodes_EachNodeUsesItsPodsPlusASystemBaseline()
    {
        await _fixture.WaitForSettledAsync();
        using var client = _fixture.CreateHttpClient();

        // Both read in the same 30 s scrape window, so pod and node figures come from one scrape.
        JsonObject nodes, pods;
        do
        {
            nodes = await SandboxApi.GetAsync(client, Base + "/nodes");
            pods = await SandboxApi.GetAsync(client, Base + "/pods");
        }
        while ((string?)nodes["items"]![0]!["timestamp"] != (string?)pods["items"]![0]!["timestamp"]);
        var placement = (await SandboxApi.GetAsync(client, "/api/v1/pods"))["items"]!.AsArray()
            .ToDictionary(p => $"{p!["metadata"]!["namespace"]}/{p["metadata"]!["name"]}", p => (string?)p!["spec"]!["nodeName"]);

        nodes["kind"]!.GetValue<string>().Should().Be("NodeMetricsList");
        nodes["items"]!.AsArray().Select(n => (string)n!["metadata"]!["name"]!).Should().Equal("sandbox-worker-1", "sandbox-worker-2");
        foreach (var node in nodes["items"]!.AsArray())
        {
            var name = (string)node!["metadata"]!["name"]!;
            var podCpu = pods["items"]!.AsArray().Where(p => placement[$"{p!["metadata"]!["namespace"]}/{p["metadata"]!["name"]}"] == name)
                .SelectMany(p => p!["containers"]!.AsArray()).Sum(c => ResourceQuantity.Parse((string)c!["usage"]!["cpu"]!)!.Value);
            var nodeCpu = ResourceQuantity.Parse((string)node["usage"]!["cpu"]!)!.Value;
            node["metadata"]!["labels"]!["kubernetes.io/hostname"]!.GetValue<string>().Should().Be(name);
            (nodeCpu - podCpu).Should().BeInRange(0.05m, 0.12m, "the system baseline is 60-100m, give or take 10%");
        }
    }

    [Fact]
    public async Task GetPod_WithRequests_UsesAShareOfThemAndAPodNotRunningHasNoMetrics()
    {
        using var client = _fixture.CreateHttpClient();
        await CreatePodAsync(client, "metrics-requests", "nginx:1.27", new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" });
        await CreatePodAsync(client, "metrics-pending", "invalid.example/app:1", null);
        await _fixture.Cluster.WaitForIdleAsync(SandboxFixture.QuietTimeout);
        await SandboxApi.WaitUntilAsync(async () => (await SandboxApi.SendAsync(client, HttpMethod.Get, Base + "/namespaces/metrics-tests/pods/metrics-requests")).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15), "the pod runs", CancellationToken.None);

        var usage = (await SandboxApi.GetAsync(client, Base + "/namespaces/metrics-tests/pods/metrics-requests"))["containers"]![0]!["usage"]!;
        var (status, _) = await SandboxApi.SendAsync(client, HttpMethod.Get, Base + "/namespaces/metrics-tests/pods/metrics-pending");
        var list = await SandboxApi.GetAsync(client, Base + "/namespaces/metrics-tests/pods");

        ResourceQuantity.Parse((string)usage["cpu"]!)!.Value.Should().BeInRange(0.5m * 0.2m * 0.85m, 0.5m * 0.7m * 1.15m);
        ResourceQuantity.Parse((string)usage["memory"]!)!.Value.Should().BeInRange(256m * 1024 * 1024 * 0.3m * 0.97m - 4096, 256m * 1024 * 1024 * 0.8m * 1.03m);
        status.Should().Be(HttpStatusCode.NotFound, "metrics-server reports no pod whose containers are not running");
        list["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).Should().Equal("metrics-requests");
        await SandboxApi.SendAsync(client, HttpMethod.Delete, "/api/v1/namespaces/metrics-tests/pods/metrics-pending");
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_AnyMethodButGet_IsMethodNotAllowed(string method, string path)
    {
        using var client = _fixture.CreateHttpClient();
        var before = await SandboxApi.GetAsync(client, "/api/v1/namespaces/demo/pods");

        var (status, body) = await SandboxApi.SendAsync(client, new HttpMethod(method), path, new JsonObject { ["kind"] = "PodMetrics" });
        var after = await SandboxApi.GetAsync(client, "/api/v1/namespaces/demo/pods");

        status.Should().Be(HttpStatusCode.MethodNotAllowed);
        body["reason"]!.GetValue<string>().Should().Be("MethodNotAllowed");
        after["items"]!.AsArray().Count.Should().Be(before["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Watch_PodMetrics_IsNotSupported()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Get, Base + "/pods?watch=true");

        status.Should().Be(HttpStatusCode.MethodNotAllowed);
        body["message"]!.GetValue<string>().Should().Be("watch is not supported on resources of kind \"pods.metrics.k8s.io\"");
    }

    private static async Task CreatePodAsync(HttpClient client, string name, string image, JsonObject? requests)
    {
        var container = new JsonObject { ["name"] = "app", ["image"] = image };
        if (requests is not null)
        {
            container["resources"] = new JsonObject { ["requests"] = requests };
        }

        await SandboxApi.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "metrics-tests" } });
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) },
        };
        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/metrics-tests/pods", pod);
        status.Should().Be(HttpStatusCode.Created, body.ToJsonString());
    }
}
