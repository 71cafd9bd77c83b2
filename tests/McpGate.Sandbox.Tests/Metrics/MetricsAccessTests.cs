using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Tests.Metrics;

/// <summary>Who may read metrics, and odd spellings of metrics paths: never a 500, never served by accident.</summary>
public sealed class MetricsAccessTests : IAsyncLifetime
{
    private const string ViewerToken = "viewer-token";
    private SandboxCluster? _cluster;

    private SandboxCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public static TheoryData<string> OddPaths => new()
    {
        "/apis/metrics.k8s.io/v1/pods",
        "/apis/metrics.k8s.io/v1beta1/deployments",
        "/apis/metrics.k8s.io/v1beta1/namespaces/demo/pods/web/log",
        "/apis/metrics.k8s.io/v1beta1/namespaces/demo",
        "/apis/metrics.k8s.io/v1beta1/nodes/sandbox-worker-1/status",
        "/apis/metrics.k8s.io/v1beta1/namespaces/demo/pods%2Fweb",
        "/apis/metrics.k8s.io.example/v1beta1/pods",
        "/apis/METRICS.K8S.IO/v1beta1/pods",
    };

    public async Task InitializeAsync()
    {
        var options = new SandboxOptions { SeedDemo = true, PodReadyDelay = TimeSpan.FromMilliseconds(200) };
        options.AdditionalTokens[ViewerToken] = "viewer";
        options.ViewUsers.Add("viewer");
        _cluster = await SandboxCluster.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task ViewUser_MayReadMetricsButAWriteIsForbiddenBeforeItIsNotAllowed()
    {
        using var viewer = Client(ViewerToken);

        var (listed, list) = await SandboxApi.SendAsync(viewer, HttpMethod.Get, "/apis/metrics.k8s.io/v1beta1/pods");
        var (deleted, status) = await SandboxApi.SendAsync(viewer, HttpMethod.Delete, "/apis/metrics.k8s.io/v1beta1/nodes/sandbox-worker-1");

        listed.Should().Be(HttpStatusCode.OK);
        list["kind"]!.GetValue<string>().Should().Be("PodMetricsList");
        deleted.Should().Be(HttpStatusCode.Forbidden);
        status["message"]!.GetValue<string>().Should().Be(
            "nodes.metrics.k8s.io \"sandbox-worker-1\" is forbidden: User \"viewer\" cannot delete resource \"nodes\" in API group \"metrics.k8s.io\" at the cluster scope");
    }

    [Fact]
    public async Task Anonymous_MetricsRequest_IsUnauthorized()
    {
        using var anonymous = new HttpClient { BaseAddress = Cluster.BaseAddress };

        var (status, body) = await SandboxApi.SendAsync(anonymous, HttpMethod.Get, "/apis/metrics.k8s.io/v1beta1/nodes");

        status.Should().Be(HttpStatusCode.Unauthorized);
        body["items"].Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(OddPaths))]
    public async Task Get_PathMetricsServerDoesNotServe_IsNotFound(string path)
    {
        using var admin = Client(Cluster.Token);

        var (status, body) = await SandboxApi.SendAsync(admin, HttpMethod.Get, path);

        status.Should().Be(HttpStatusCode.NotFound, path);
        body["kind"]!.GetValue<string>().Should().Be("Status");
        body["items"].Should().BeNull();
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
