using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Resilience;

/// <summary>Retry rules against a real loopback socket that answers with scripted faults.</summary>
public sealed class KubeApiClientRetryTests : IDisposable
{
    private static readonly ResourceRef s_web = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };
    private static readonly KubeApiClientOptions s_fast = new() { RetryBaseDelay = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromSeconds(10) };

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task GetAsync_TooManyRequestsWithRetryAfter_WaitsAndRetries()
    {
        await using var server = new ScriptedHttpServer(
            new ScriptedResponse(429, "{}", new Dictionary<string, string> { ["Retry-After"] = "1" }),
            ScriptedResponse.Ok());
        using var client = Client(server.BaseAddress);
        var started = TimeProvider.System.GetTimestamp();

        var result = await client.GetAsync(s_web, _timeout.Token);

        result["metadata"]!["name"]!.GetValue<string>().Should().Be("web");
        server.RequestLines.Should().HaveCount(2);
        TimeProvider.System.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task GetAsync_ServerErrors_GivesUpAfterThreeAttempts()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Status(503, "ServiceUnavailable", "etcd is down"));
        using var client = Client(server.BaseAddress);

        var act = () => client.GetAsync(s_web, _timeout.Token);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.ServiceUnavailable);
        server.RequestLines.Should().HaveCount(3);
    }

    [Fact]
    public async Task ListAsync_ServerErrorThenSuccess_Recovers()
    {
        await using var server = new ScriptedHttpServer(
            new ScriptedResponse(502, "<html>bad gateway</html>"),
            ScriptedResponse.Ok("""{"kind":"DeploymentList","items":[]}"""));
        using var client = Client(server.BaseAddress);

        var list = await client.ListAsync(s_web.WithName(null), new KubeListOptions { LabelSelector = "app=web", Limit = 5 }, _timeout.Token);

        list["kind"]!.GetValue<string>().Should().Be("DeploymentList");
        server.RequestLines.Should().HaveCount(2).And.AllSatisfy(l => l.Should().Be("GET /apis/apps/v1/namespaces/demo/deployments?labelSelector=app%3Dweb&limit=5 HTTP/1.1"));
    }

    [Fact]
    public async Task GetAsync_NotFound_IsNotRetried()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Status(404, "NotFound", "deployments.apps \\\"web\\\" not found"));
        using var client = Client(server.BaseAddress);

        var act = () => client.GetAsync(s_web, _timeout.Token);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.NotFound);
        server.RequestLines.Should().ContainSingle();
    }

    [Fact]
    public async Task PatchAsync_ServerError_IsNeverRetried()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Status(503, "ServiceUnavailable", "try later"), ScriptedResponse.Ok());
        using var client = Client(server.BaseAddress);

        var act = () => client.PatchAsync(s_web, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } }, cancellationToken: _timeout.Token);

        await act.Should().ThrowAsync<KubeApiException>();
        server.RequestLines.Should().ContainSingle().Which.Should().StartWith("PATCH ");
    }

    [Fact]
    public async Task PatchAsync_Conflict_IsNeverRetried()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Status(409, "Conflict", "the object has been modified"), ScriptedResponse.Ok());
        using var client = Client(server.BaseAddress);

        var act = () => client.PatchAsync(s_web, new JsonObject(), cancellationToken: _timeout.Token);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.Conflict);
        server.RequestLines.Should().ContainSingle();
    }

    [Fact]
    public async Task GetAsync_Conflict_IsNotRetried()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Status(409, "Conflict", "x"), ScriptedResponse.Ok());
        using var client = Client(server.BaseAddress);

        var act = () => client.GetAsync(s_web, _timeout.Token);

        await act.Should().ThrowAsync<KubeApiException>();
        server.RequestLines.Should().ContainSingle();
    }

    [Fact]
    public async Task GetAsync_ServerNeverAnswers_TimesOut()
    {
        await using var server = new ScriptedHttpServer(new ScriptedResponse(200, Hang: true));
        using var client = Client(server.BaseAddress, s_fast with { Timeout = TimeSpan.FromMilliseconds(300) });

        var act = () => client.GetAsync(s_web, _timeout.Token);

        (await act.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("GET /apis/apps/v1/namespaces/demo/deployments/web");
    }

    [Fact]
    public async Task PatchAsync_ConnectionRefused_IsRetriedThenFails()
    {
        var port = FreePort();
        var logs = new RecordingLoggerFactory();
        using var client = new KubeApiClient(new KubeEndpoint { ContextName = "fake", Server = new Uri($"http://127.0.0.1:{port}"), Token = "test-token" }, s_fast, logs);

        var act = () => client.PatchAsync(s_web, new JsonObject(), cancellationToken: _timeout.Token);

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.HttpRequestError.Should().Be(HttpRequestError.ConnectionError);
        logs.Events.Count(e => e.Id.Id == 3101).Should().Be(2, "a refused connection sent nothing, so the write may be tried again");
    }

    [Fact]
    public async Task GetAsync_Logs_NeverContainToken()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Status(500, "InternalError", "x"), ScriptedResponse.Ok());
        var logs = new RecordingLoggerFactory();
        using var client = new KubeApiClient(new KubeEndpoint { ContextName = "fake", Server = server.BaseAddress, Token = "test-token" }, s_fast, logs);

        await client.GetAsync(s_web, _timeout.Token);

        logs.Events.Should().NotBeEmpty().And.AllSatisfy(e => e.Message.Should().NotContain("test-token"));
    }

    [Fact]
    public async Task SendAsync_Token_IsSentAsBearerHeader()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok());
        using var client = Client(server.BaseAddress);

        await client.PatchAsync(s_web, new JsonObject(), KubePatchType.StrategicMerge, dryRun: true, _timeout.Token);

        server.RequestLines.Should().ContainSingle().Which.Should().Be("PATCH /apis/apps/v1/namespaces/demo/deployments/web?dryRun=All HTTP/1.1");
        var head = server.RequestHeaders.Single();
        head.Should().Contain("Authorization: Bearer test-token").And.Contain("Content-Type: application/strategic-merge-patch+json");
    }

    private static KubeApiClient Client(Uri server, KubeApiClientOptions? options = null) =>
        new(new KubeEndpoint { ContextName = "fake", Server = server, Token = "test-token" }, options ?? s_fast);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
