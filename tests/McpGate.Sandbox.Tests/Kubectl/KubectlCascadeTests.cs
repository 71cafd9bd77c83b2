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

    [Fact]
    public async Task DeleteCascadeForeground_NoWait_ObjectStaysMarkedWhileAnotherFinalizerHoldsIt()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var manifest = Manifests.Deployment("fg-held", "nginx:1.27").Replace("  name: fg-held\n", "  name: fg-held\n  finalizers: [example.com/hold]\n", StringComparison.Ordinal);
        var file = await kubectl.WriteFileAsync("fg-held.yaml", manifest);
        (await kubectl.RunAsync("apply", "-f", file)).ExitCode.Should().Be(0);
        (await kubectl.RunAsync("rollout", "status", "deployment/fg-held", "-n", "demo", "--timeout=20s")).ExitCode.Should().Be(0);

        var delete = await kubectl.RunAsync("delete", "deployment", "fg-held", "-n", "demo", "--cascade=foreground", "--wait=false");
        await _fixture.Cluster.WaitForIdleAsync(SandboxFixture.QuietTimeout);
        var held = await kubectl.RunAsync("get", "deployment", "fg-held", "-n", "demo", "-o", "jsonpath={.metadata.finalizers} {.metadata.deletionTimestamp}");
        var left = await kubectl.RunAsync("get", "rs,pods", "-n", "demo", "-l", "app=fg-held", "--no-headers");
        var release = await kubectl.RunAsync("patch", "deployment", "fg-held", "-n", "demo", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}");
        var gone = await kubectl.RunAsync("get", "deployment", "fg-held", "-n", "demo");

        delete.ExitCode.Should().Be(0, delete.Stderr);
        held.Stdout.Should().MatchRegex(@"^\[""example.com/hold""\] \d{4}-\d\d-\d\dT");
        left.Stderr.Should().Contain("No resources found");
        release.ExitCode.Should().Be(0, release.Stderr);
        gone.Stderr.Should().Contain("NotFound");
    }
}
