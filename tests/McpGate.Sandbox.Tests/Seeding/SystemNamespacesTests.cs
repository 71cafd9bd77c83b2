using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Tests.Seeding;

/// <summary>kube-system exists in every sandbox, with a uid of its own that a state file keeps.</summary>
public sealed class SystemNamespacesTests : IDisposable
{
    private const string KubeSystem = "/api/v1/namespaces/kube-system";
    private readonly string _directory = Directory.CreateTempSubdirectory("mcpgate-kube-system-").FullName;

    public static TheoryData<bool> Seeded => new() { true, false };

    [Theory]
    [MemberData(nameof(Seeded))]
    public async Task StartAsync_AnyScenario_HasKubeSystemWithAFreshUidPerInstance(bool seedDemo)
    {
        await using var first = await SandboxCluster.StartAsync(new SandboxOptions { SeedDemo = seedDemo });
        await using var second = await SandboxCluster.StartAsync(new SandboxOptions { SeedDemo = seedDemo });

        var a = await UidAsync(first);
        var b = await UidAsync(second);

        Guid.TryParse(a, out _).Should().BeTrue(a);
        b.Should().NotBe(a, "two sandboxes must never share a cluster identity");
    }

    [Fact]
    public async Task StartAsync_WithState_KeepsKubeSystemUidAcrossRestarts_AsARealClusterDoes()
    {
        var path = Path.Combine(_directory, "state.json");
        string uid;
        await using (var first = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = path }))
        {
            uid = await UidAsync(first);
        }

        await using var restarted = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = path });
        await using var other = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = Path.Combine(_directory, "other.json") });

        (await UidAsync(restarted)).Should().Be(uid);
        (await UidAsync(other)).Should().NotBe(uid);
    }

    [Fact]
    public async Task StartAsync_StateFromBeforeKubeSystem_AddsItOnceAndSavesIt()
    {
        var path = Path.Combine(_directory, "old.json");
        await using (var first = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = path }))
        {
            using var client = Client(first);
            var (status, _) = await SandboxApi.SendAsync(client, HttpMethod.Delete, KubeSystem);
            status.Should().Be(HttpStatusCode.OK);
        }

        File.ReadAllText(path).Should().NotContain("\"kube-system\"", "the state now looks like one written before kube-system was seeded");
        string added;
        await using (var upgraded = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = path }))
        {
            added = await UidAsync(upgraded);
        }

        await using var again = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = path });
        (await UidAsync(again)).Should().Be(added);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<string> UidAsync(SandboxCluster cluster)
    {
        using var client = Client(cluster);
        JsonObject kubeSystem = await SandboxApi.GetAsync(client, KubeSystem);
        return kubeSystem["metadata"]!["uid"]!.GetValue<string>();
    }

    private static HttpClient Client(SandboxCluster cluster)
    {
        var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);
        return client;
    }
}
