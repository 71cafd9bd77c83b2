using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using McpGate.Testing.Files;

namespace McpGate.Sandbox.Tests.Metrics;

/// <summary>A cluster without metrics-server: by option, by scenario, and switched at run time.</summary>
public sealed class MetricsSwitchTests
{
    private const string PodsPath = "/apis/metrics.k8s.io/v1beta1/pods";

    [Fact]
    public async Task ServeMetricsFalse_GroupAbsentFromDiscoveryAndPathsNotFound()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { ServeMetrics = false, SeedDemo = false });
        using var client = Client(cluster);

        await AssertNotServedAsync(client);
    }

    [Fact]
    public async Task Scenario_KubeSystemAnnotatedDisabled_MetricsNotServedUntilTheAnnotationGoes()
    {
        using var directory = new TempDirectory();
        var scenario = directory.Write("no-metrics.yaml", """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: kube-system
              annotations:
                sandbox.mcpgate.dev/metrics-server: disabled
            """);
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { ScenarioPath = scenario, SeedDemo = false });
        using var client = Client(cluster);

        await AssertNotServedAsync(client);
        var (patched, body) = await SandboxApi.MergePatchAsync(client, "/api/v1/namespaces/kube-system",
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["sandbox.mcpgate.dev/metrics-server"] = null } } });
        patched.Should().Be(HttpStatusCode.OK, body.ToJsonString());
        var (status, list) = await SandboxApi.SendAsync(client, HttpMethod.Get, PodsPath);

        status.Should().Be(HttpStatusCode.OK);
        list["kind"]!.GetValue<string>().Should().Be("PodMetricsList");
    }

    private static HttpClient Client(SandboxCluster cluster)
    {
        var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);
        return client;
    }

    private static async Task AssertNotServedAsync(HttpClient client)
    {
        var groups = await SandboxApi.GetAsync(client, "/apis");
        groups["groups"]!.AsArray().Select(g => (string)g!["name"]!).Should().NotContain("metrics.k8s.io").And.Contain("apps");
        foreach (var path in new[] { "/apis/metrics.k8s.io", "/apis/metrics.k8s.io/v1beta1", PodsPath, "/apis/metrics.k8s.io/v1beta1/nodes/sandbox-worker-1" })
        {
            var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Get, path);
            status.Should().Be(HttpStatusCode.NotFound, path);
            body["message"]!.GetValue<string>().Should().Be("the server could not find the requested resource");
        }
    }
}
