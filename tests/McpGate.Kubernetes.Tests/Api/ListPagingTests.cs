using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Api;

/// <summary>Paged lists: a continue token carries the snapshot, so later pages must not repeat resourceVersion.</summary>
public sealed class ListPagingTests : IDisposable
{
    private static readonly ResourceRef s_deployments = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo" };
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task ListPagesAsync_WithResourceVersion_SendsItOnlyOnTheFirstPage()
    {
        await using var server = new ScriptedHttpServer(
            ScriptedResponse.Ok("""{"kind":"DeploymentList","metadata":{"resourceVersion":"7","continue":"next-page"},"items":[{"metadata":{"name":"a"}}]}"""),
            ScriptedResponse.Ok("""{"kind":"DeploymentList","metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"b"}}]}"""));
        using var client = new KubeApiClient(new KubeEndpoint { ContextName = "paging", Server = server.BaseAddress, Token = "t" });

        var names = new List<string>();
        await foreach (var item in client.ListAllAsync(s_deployments, new KubeListOptions { ResourceVersion = "0", Limit = 1 }, _timeout.Token))
        {
            names.Add(item["metadata"]!["name"]!.GetValue<string>());
        }

        names.Should().Equal("a", "b");
        var lines = server.RequestLines.ToList();
        lines[0].Should().Contain("resourceVersion=0").And.NotContain("continue=");
        lines[1].Should().Contain("continue=next-page").And.NotContain("resourceVersion");
    }
}
