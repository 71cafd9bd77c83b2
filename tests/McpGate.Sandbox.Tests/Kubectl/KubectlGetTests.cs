using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlGetTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlGetTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task GetDeployments_InDemo_PrintsTableColumns()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("get", "deployments", "-n", "demo");

        exitCode.Should().Be(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$");
        lines.Should().Contain(l => l.StartsWith("web ", StringComparison.Ordinal) && l.Contains("2/2", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("api ", StringComparison.Ordinal) && l.Contains("3/3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetDeployment_AsJson_ReturnsObject()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("get", "deployment", "web", "-n", "demo", "-o", "json");

        exitCode.Should().Be(0, stderr);
        var web = JsonNode.Parse(stdout)!;
        web["metadata"]!["name"]!.GetValue<string>().Should().Be("web");
        SandboxApi.Long(web["spec"]!["replicas"]).Should().Be(2);
    }

    [Fact]
    public async Task GetDeployment_AsYaml_PrintsTheObjectAsAServerWouldReturnIt()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("get", "deployment", "web", "-n", "demo", "-o", "yaml");

        exitCode.Should().Be(0, stderr);
        stdout.Should().StartWith("apiVersion: apps/v1\n");
        stdout.Should().Contain("\nkind: Deployment\n")
            .And.MatchRegex(@"\n  name: web\n")
            .And.MatchRegex(@"\n  namespace: demo\n")
            .And.MatchRegex(@"\n  resourceVersion: ""\d+""\n")
            .And.MatchRegex(@"\n  uid: [0-9a-f-]{36}\n")
            .And.MatchRegex(@"\n  replicas: 2\n")
            .And.Contain("image: nginx:1.27")
            .And.MatchRegex(@"\n  readyReplicas: 2\n");
    }

    [Fact]
    public async Task GetPodsAndNamespaces_WithShortNames_PrintTables()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var pods = await kubectl.RunAsync("get", "po", "-l", "app=api");
        var namespaces = await kubectl.RunAsync("get", "ns");

        pods.ExitCode.Should().Be(0, pods.Stderr);
        pods.Stdout.Should().MatchRegex(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE");
        pods.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Should().HaveCount(3).And.OnlyContain(l => l.Contains("Running", StringComparison.Ordinal));
        namespaces.ExitCode.Should().Be(0, namespaces.Stderr);
        namespaces.Stdout.Should().MatchRegex(@"NAME\s+STATUS\s+AGE").And.Contain("demo").And.Contain("Active");
    }
}
