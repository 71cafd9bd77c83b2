using System.Net;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlWriteTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlWriteTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task CreateAndDeleteDeployment_WithKubectl_Succeeds()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        using var client = _fixture.CreateHttpClient();

        var manifest = Path.Combine(Path.GetDirectoryName(kubectl.Kubeconfig)!, "cli.json");
        await File.WriteAllTextAsync(manifest, SandboxApi.Deployment("cli", 1).ToJsonString());

        // Typed generators (kubectl create deployment) send protobuf, which the sandbox does not speak;
        // manifests go through the JSON (unstructured) client. No OpenAPI documents yet, hence --validate=false.
        var create = await kubectl.RunAsync("create", "-f", manifest, "-n", "demo");
        var (afterCreate, _) = await SandboxApi.SendAsync(client, HttpMethod.Get, SandboxApi.DeploymentsPath + "/cli");
        var delete = await kubectl.RunAsync("delete", "deployment", "cli", "-n", "demo");
        var (afterDelete, _) = await SandboxApi.SendAsync(client, HttpMethod.Get, SandboxApi.DeploymentsPath + "/cli");

        create.ExitCode.Should().Be(0, create.Stderr);
        afterCreate.Should().Be(HttpStatusCode.OK);
        delete.ExitCode.Should().Be(0, delete.Stderr);
        delete.Stdout.Should().Contain("deployment.apps \"cli\" deleted");
        afterDelete.Should().Be(HttpStatusCode.NotFound);
    }
}
