using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Tests.Storage;

public sealed class StatePersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mcpgate-state-").FullName;

    [Fact]
    public async Task StartAsync_WithExistingState_LoadsObjectsAndRevisionInsteadOfSeeding()
    {
        var path = Path.Combine(_directory, "state.json");
        string revision;
        await using (var first = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = path, PodReadyDelay = TimeSpan.FromMilliseconds(100) }))
        {
            using var client = Client(first);
            var (status, body) = await SandboxApi.MergePatchAsync(client, SandboxApi.DeploymentsPath + "/web", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 5 } });
            status.Should().Be(HttpStatusCode.OK, body.ToJsonString());
            var (deleted, _) = await SandboxApi.SendAsync(client, HttpMethod.Delete, "/apis/apps/v1/namespaces/staging/deployments/api");
            deleted.Should().Be(HttpStatusCode.OK);
            revision = (await SandboxApi.GetAsync(client, "/api/v1/namespaces"))["metadata"]!["resourceVersion"]!.GetValue<string>();
        }

        File.Exists(path).Should().BeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await using var second = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = path });
        using var again = Client(second);
        var web = await SandboxApi.GetAsync(again, SandboxApi.DeploymentsPath + "/web");
        var (missing, _) = await SandboxApi.SendAsync(again, HttpMethod.Get, "/apis/apps/v1/namespaces/staging/deployments/api");
        var namespaces = await SandboxApi.GetAsync(again, "/api/v1/namespaces");

        SandboxApi.Long(web["spec"]!["replicas"]).Should().Be(5);
        missing.Should().Be(HttpStatusCode.NotFound);
        long.Parse(namespaces["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThanOrEqualTo(long.Parse(revision, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task StartAsync_WithCorruptState_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(path, "{\"format\": \"mcpgate.sandbox/state-v1\", \"revision\": 3, \"objects\": [");

        var act = () => SandboxCluster.StartAsync(new SandboxOptions { StatePath = path });

        (await act.Should().ThrowAsync<SandboxStateException>()).Which.Message.Should().StartWith(path + ": ");
    }

    private static HttpClient Client(SandboxCluster cluster)
    {
        var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);
        return client;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
