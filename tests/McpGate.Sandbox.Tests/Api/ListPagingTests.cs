using System.Net;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Tests.Kubectl;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Api;

public sealed class ListPagingTests : IClassFixture<SandboxFixture>
{
    private const string AllPods = "/api/v1/pods";
    private readonly SandboxFixture _fixture;

    public ListPagingTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task List_WithLimit_PagesThroughEverythingInKeyOrder()
    {
        using var client = _fixture.CreateHttpClient();
        var all = Keys(await SandboxApi.GetAsync(client, AllPods));

        var paged = new List<string>();
        var first = await SandboxApi.GetAsync(client, AllPods + "?limit=3");
        var page = first;
        while (true)
        {
            var items = Keys(page);
            items.Count.Should().BeLessThanOrEqualTo(3);
            paged.AddRange(items);
            var token = page["metadata"]!["continue"]?.GetValue<string>();
            if (token is null)
            {
                break;
            }

            page["metadata"]!["remainingItemCount"]!.GetValue<long>().Should().BeGreaterThan(0);
            page["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(first["metadata"]!["resourceVersion"]!.GetValue<string>(), "every page carries the list's resourceVersion");
            page = await SandboxApi.GetAsync(client, $"{AllPods}?limit=3&continue={Uri.EscapeDataString(token)}");
        }

        all.Count.Should().BeGreaterThan(6, "the default scenario has pods in several namespaces");
        paged.Should().Equal(all.Order(StringComparer.Ordinal), "pages cover every item once, in namespace/name order");
    }

    [Theory]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?limit=2&continue=not-a-token", "continue")]
    public async Task List_WithBadPagingParameters_Is400WithStatus(string query, string named)
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Get, AllPods + query);

        status.Should().Be(HttpStatusCode.BadRequest);
        body["kind"]!.GetValue<string>().Should().Be("Status");
        body["message"]!.GetValue<string>().Should().Contain(named);
    }

    [Fact]
    public async Task KubectlGet_WithSmallChunkSize_ListsEveryPod()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var whole = await kubectl.RunAsync("get", "pods", "-A", "--no-headers");
        var chunked = await kubectl.RunAsync("get", "pods", "-A", "--no-headers", "--chunk-size=2");

        whole.ExitCode.Should().Be(0, whole.Stderr);
        chunked.ExitCode.Should().Be(0, chunked.Stderr);
        Names(chunked.Stdout).Should().BeEquivalentTo(Names(whole.Stdout));
        Names(chunked.Stdout).Should().HaveCountGreaterThan(6);
    }

    private static List<string> Keys(JsonObject list) =>
        [.. list["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}")];

    private static List<string> Names(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2)))];
}
