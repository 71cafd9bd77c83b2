using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Tests.Seeding;

public sealed class DefaultScenarioTests
{
    [Fact]
    public async Task StartAsync_Default_SeedsDemoStagingAndProdRolledOut()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { PodReadyDelay = TimeSpan.FromMinutes(10) });
        using var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);

        var expected = new (string Namespace, string Name, long Replicas)[]
        {
            ("demo", "web", 2), ("demo", "api", 3), ("staging", "web", 2), ("staging", "api", 2),
            ("prod", "web", 4), ("prod", "api", 3), ("prod", "worker", 2),
        };
        foreach (var (ns, name, replicas) in expected)
        {
            var deployment = await SandboxApi.GetAsync(client, $"/apis/apps/v1/namespaces/{ns}/deployments/{name}");
            SandboxApi.Long(deployment["spec"]!["replicas"]).Should().Be(replicas, $"{ns}/{name}");
            SandboxApi.Long(deployment["status"]!["readyReplicas"]).Should().Be(replicas, $"{ns}/{name}");
        }

        var demo = await SandboxApi.GetAsync(client, SandboxApi.DeploymentsPath);
        var secret = await SandboxApi.GetAsync(client, "/api/v1/namespaces/prod/secrets/db-credentials");
        var config = await SandboxApi.GetAsync(client, "/api/v1/namespaces/prod/configmaps/app-config");
        var services = await SandboxApi.GetAsync(client, "/api/v1/namespaces/prod/services");

        demo["items"]!.AsArray().Select(d => d!["metadata"]!["name"]!.GetValue<string>()).Should().BeEquivalentTo("web", "api");
        secret["type"]!.GetValue<string>().Should().Be("Opaque");
        secret["data"]!.AsObject().Select(p => p.Key).Should().Contain(["username", "password"]);
        config["data"]!["LOG_LEVEL"]!.GetValue<string>().Should().Be("info");
        services["items"]!.AsArray().Select(s => s!["metadata"]!["name"]!.GetValue<string>()).Should().Contain("web");
    }
}
