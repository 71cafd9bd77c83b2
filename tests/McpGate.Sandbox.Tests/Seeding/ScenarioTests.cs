using System.Net.Http.Headers;

namespace McpGate.Sandbox.Tests.Seeding;

public sealed class ScenarioTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mcpgate-scenario-").FullName;

    [Fact]
    public async Task StartAsync_WithScenario_CreatesNamespacesAndRollsOutDeployments()
    {
        var path = Path.Combine(_directory, "scenario.yaml");
        await File.WriteAllTextAsync(path, """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: prod
            ---
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web, namespace: prod}
              spec:
                replicas: 4
                selector: {matchLabels: {app: web}}
                template:
                  metadata: {labels: {app: web}}
                  spec: {containers: [{name: web, image: "nginx:1.27"}]}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: settings, namespace: staging}
              data: {mode: staging}
            """);

        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { ScenarioPath = path, PodReadyDelay = TimeSpan.FromMinutes(10) });
        using var client = new HttpClient { BaseAddress = cluster.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);

        var web = await SandboxApi.GetAsync(client, "/apis/apps/v1/namespaces/prod/deployments/web");
        var settings = await SandboxApi.GetAsync(client, "/api/v1/namespaces/staging/configmaps/settings");
        var demo = await SandboxApi.GetAsync(client, SandboxApi.DeploymentsPath + "/web");

        SandboxApi.Long(web["status"]!["readyReplicas"]).Should().Be(4);
        settings["data"]!["mode"]!.GetValue<string>().Should().Be("staging");
        SandboxApi.Long(demo["status"]!["readyReplicas"]).Should().Be(2);
    }

    [Fact]
    public async Task StartAsync_WithUnknownKind_ReportsFileAndLine()
    {
        var path = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(path, "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");

        var act = () => SandboxCluster.StartAsync(new SandboxOptions { ScenarioPath = path, SeedDemo = false });

        (await act.Should().ThrowAsync<SandboxScenarioException>())
            .Which.Message.Should().Be($"{path}:5: the sandbox does not serve Widget in example.com/v1");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
