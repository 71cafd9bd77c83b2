using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Api;

/// <summary>
/// The exact wire form of the dynamic operations (paging across several pages, which the sandbox
/// does not split, server-side apply, delete options, logs), checked on a real loopback HTTP server.
/// </summary>
public sealed class DynamicOperationsTests : IDisposable
{
    private static readonly KubeApiClientOptions s_noRetry = new() { MaxReadAttempts = 1, Timeout = TimeSpan.FromSeconds(10) };
    private static readonly ResourceRef s_pods = new() { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "demo" };
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task ListAllAsync_ThreePages_FollowsContinueAndStreamsEveryItem()
    {
        await using var server = new ScriptedHttpServer(
            ScriptedResponse.Ok("""{"kind":"PodList","metadata":{"resourceVersion":"10","continue":"c1"},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}"""),
            ScriptedResponse.Ok("""{"kind":"PodList","metadata":{"resourceVersion":"10","continue":"c2"},"items":[{"metadata":{"name":"c"}}]}"""),
            ScriptedResponse.Ok("""{"kind":"PodList","metadata":{"resourceVersion":"10"},"items":[{"metadata":{"name":"d"}}]}"""));
        using var client = Client(server);

        var names = new List<string>();
        await foreach (var pod in client.ListAllAsync(s_pods, new KubeListOptions { Limit = 2, LabelSelector = "app=web" }, Ct))
        {
            names.Add(pod["metadata"]!["name"]!.GetValue<string>());
        }

        names.Should().Equal("a", "b", "c", "d");
        server.RequestLines.Should().Equal(
            "GET /api/v1/namespaces/demo/pods?labelSelector=app%3Dweb&limit=2 HTTP/1.1",
            "GET /api/v1/namespaces/demo/pods?labelSelector=app%3Dweb&limit=2&continue=c1 HTTP/1.1",
            "GET /api/v1/namespaces/demo/pods?labelSelector=app%3Dweb&limit=2&continue=c2 HTTP/1.1");
    }

    [Fact]
    public async Task ListAllAsync_ContinueTokenExpired_ThrowsExpired()
    {
        await using var server = new ScriptedHttpServer(
            ScriptedResponse.Ok("""{"kind":"PodList","metadata":{"continue":"c1"},"items":[]}"""),
            ScriptedResponse.Status(410, "Expired", "The provided continue parameter is too old"));
        using var client = Client(server);

        var act = async () =>
        {
            await foreach (var unused in client.ListAllAsync(s_pods, cancellationToken: Ct))
            {
            }
        };

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeApiReason.Expired);
        error.Message.Should().Contain("list again from the start");
    }

    [Fact]
    public async Task ApplyAsync_ForceDryRun_SendsApplyPatchWithFieldManager()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok());
        using var client = Client(server);
        var manifest = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = new JsonObject { ["name"] = "web" } };

        await client.ApplyAsync(TestDeployments.Named("web"), manifest, "mcpgate", force: true, dryRun: true, Ct);

        server.RequestLines.Single().Should().Be("PATCH /apis/apps/v1/namespaces/demo/deployments/web?fieldManager=mcpgate&force=true&dryRun=All HTTP/1.1");
        server.RequestHeaders.Single().Should().Contain("Content-Type: application/apply-patch+yaml");
        JsonNode.Parse(server.RequestBodies.Single())!["kind"]!.GetValue<string>().Should().Be("Deployment");
    }

    [Fact]
    public async Task DeleteAsync_Propagation_SendsDeleteOptions()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok("""{"kind":"Status","status":"Success"}"""));
        using var client = Client(server);

        await client.DeleteAsync(
            TestDeployments.Named("web"),
            new KubeDeleteOptions
            {
                PropagationPolicy = KubePropagationPolicy.Foreground,
                GracePeriodSeconds = 0,
                Preconditions = new KubeDeletePreconditions { ResourceVersion = "42" },
                DryRun = true,
            },
            Ct);

        server.RequestLines.Single().Should().Be("DELETE /apis/apps/v1/namespaces/demo/deployments/web?dryRun=All HTTP/1.1");
        var body = JsonNode.Parse(server.RequestBodies.Single())!;
        body["propagationPolicy"]!.GetValue<string>().Should().Be("Foreground");
        body["gracePeriodSeconds"]!.GetValue<long>().Should().Be(0);
        body["preconditions"]!["resourceVersion"]!.GetValue<string>().Should().Be("42");
    }

    [Fact]
    public async Task GetLogAsync_Container_ReturnsText()
    {
        await using var server = new ScriptedHttpServer(new ScriptedResponse(200, "line 1\nline 2\n"));
        using var client = Client(server);

        var log = await client.GetLogAsync(s_pods.WithName("web-1"), "app", tailLines: 2, Ct);

        log.Should().Be("line 1\nline 2\n");
        server.RequestLines.Single().Should().Be("GET /api/v1/namespaces/demo/pods/web-1/log?container=app&tailLines=2 HTTP/1.1");
    }

    [Fact]
    public async Task PatchStatusAsync_DryRun_TargetsStatusSubresource()
    {
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok());
        using var client = Client(server);

        await client.PatchStatusAsync(TestDeployments.Named("web"), new JsonObject { ["status"] = new JsonObject() }, dryRun: true, cancellationToken: Ct);

        server.RequestLines.Single().Should().Be("PATCH /apis/apps/v1/namespaces/demo/deployments/web/status?dryRun=All HTTP/1.1");
    }

    private static KubeApiClient Client(ScriptedHttpServer server) =>
        new(new KubeEndpoint { ContextName = "scripted", Server = server.BaseAddress, Token = "t" }, s_noRetry);
}
