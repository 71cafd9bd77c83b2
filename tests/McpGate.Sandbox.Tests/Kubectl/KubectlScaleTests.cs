using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlScaleTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlScaleTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task ScaleDeployment_To4_UpdatesReplicas()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        using var client = _fixture.CreateHttpClient();

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("scale", "deployment", "web", "-n", "demo", "--replicas=4");

        exitCode.Should().Be(0, stderr);
        stdout.Should().Contain("deployment.apps/web scaled");
        var web = await SandboxApi.GetAsync(client, SandboxApi.DeploymentsPath + "/web");
        SandboxApi.Long(web["spec"]!["replicas"]).Should().Be(4);
    }

    [Fact]
    public async Task PatchDeployment_WithStrategicMerge_UpdatesLabels()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        using var client = _fixture.CreateHttpClient();

        var (exitCode, _, stderr) = await kubectl.RunAsync("patch", "deployment", "api", "-n", "demo", "-p", """{"metadata":{"labels":{"team":"core"}}}""");

        exitCode.Should().Be(0, stderr);
        var api = await SandboxApi.GetAsync(client, SandboxApi.DeploymentsPath + "/api");
        api["metadata"]!["labels"]!["team"]!.GetValue<string>().Should().Be("core");
    }
}
