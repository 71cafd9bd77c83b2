using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlCascadeTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlCascadeTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task DeleteCascadeOrphan_KeepsReplicaSetAndPodsWithoutOwner()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("orphan.yaml", Manifests.Deployment("orphan", "nginx:1.27"));
        (await kubectl.RunAsync("apply", "-f", file)).ExitCode.Should().Be(0);
        (await kubectl.RunAsync("rollout", "status", "deployment/orphan", "-n", "demo", "--timeout=20s")).ExitCode.Should().Be(0);

        var delete = await kubectl.RunAsync("delete", "deployment", "orphan", "-n", "demo", "--cascade=orphan");
        var owners = await kubectl.RunAsync("get", "rs", "-n", "demo", "-l", "app=orphan", "-o", "jsonpath={.items[*].metadata.ownerReferences}");
        var pods = await kubectl.RunAsync("get", "pods", "-n", "demo", "-l", "app=orphan", "--no-headers");

        delete.ExitCode.Should().Be(0, delete.Stderr);
        owners.ExitCode.Should().Be(0, owners.Stderr);
        owners.Stdout.Should().BeEmpty();
        pods.Stdout.Trim().Split('\n').Should().HaveCount(2);
    }

    [Fact]
    public async Task DeleteCascadeForeground_RemovesReplicaSetsAndPodsWithTheDeployment()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("fg.yaml", Manifests.Deployment("fg", "nginx:1.27"));
        (await kubectl.RunAsync("apply", "-f", file)).ExitCode.Should().Be(0);
        (await kubectl.RunAsync("rollout", "status", "deployment/fg", "-n", "demo", "--timeout=20s")).ExitCode.Should().Be(0);

        var delete = await kubectl.RunAsync("delete", "deployment", "fg", "-n", "demo", "--cascade=foreground");
        var left = await kubectl.RunAsync("get", "rs,pods", "-n", "demo", "-l", "app=fg", "--no-headers");

        delete.ExitCode.Should().Be(0, delete.Stderr);
        left.Stdout.Should().BeEmpty();
        left.Stderr.Should().Contain("No resources found");
    }
}
