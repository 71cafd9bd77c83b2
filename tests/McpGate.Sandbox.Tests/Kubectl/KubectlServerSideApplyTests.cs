using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlServerSideApplyTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlServerSideApplyTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task ApplyServerSide_CreatesThenUpdates_AndRecordsManagedFields()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("ssa.yaml", Manifests.Deployment("ssa", "nginx:1.27"));

        var created = await kubectl.RunAsync("apply", "--server-side", "-f", file);
        await File.WriteAllTextAsync(file, Manifests.Deployment("ssa", "nginx:1.28"));
        var updated = await kubectl.RunAsync("apply", "--server-side", "-f", file);
        var managers = await kubectl.RunAsync("get", "deployment", "ssa", "-n", "demo", "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager}");
        var fields = await kubectl.RunAsync("get", "deployment", "ssa", "-n", "demo", "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[0].fieldsV1}");
        var image = await kubectl.RunAsync("get", "deployment", "ssa", "-n", "demo", "-o", "jsonpath={.spec.template.spec.containers[0].image}");

        created.ExitCode.Should().Be(0, created.Stderr);
        created.Stdout.Trim().Should().Be("deployment.apps/ssa serverside-applied");
        updated.ExitCode.Should().Be(0, updated.Stderr);
        updated.Stdout.Trim().Should().Be("deployment.apps/ssa serverside-applied");
        managers.Stdout.Should().Be("kubectl");
        fields.Stdout.Should().Contain("\"f:replicas\":{}").And.Contain("\"k:{\\\"name\\\":\\\"ssa\\\"}\"");
        image.Stdout.Should().Be("nginx:1.28");
    }

    [Fact]
    public async Task ApplyServerSide_SecondManagerChangingOwnedField_ConflictsUnlessForced()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var first = await kubectl.WriteFileAsync("owner.yaml", Manifests.Deployment("owned", "nginx:1.27", replicas: 2));
        var second = await kubectl.WriteFileAsync("other.yaml", Manifests.Deployment("owned", "nginx:1.27", replicas: 5));
        (await kubectl.RunAsync("apply", "--server-side", "--field-manager=team-a", "-f", first)).ExitCode.Should().Be(0);

        var conflict = await kubectl.RunAsync("apply", "--server-side", "--field-manager=team-b", "-f", second);
        var forced = await kubectl.RunAsync("apply", "--server-side", "--field-manager=team-b", "--force-conflicts", "-f", second);
        var replicas = await kubectl.RunAsync("get", "deployment", "owned", "-n", "demo", "-o", "jsonpath={.spec.replicas}");
        var back = await kubectl.RunAsync("apply", "--server-side", "--field-manager=team-a", "-f", first);

        conflict.ExitCode.Should().Be(1);
        conflict.Stderr.Should().Contain("Apply failed with 1 conflict: conflict with \"team-a\" using apps/v1: .spec.replicas");
        conflict.Stderr.Should().Contain("Please review the fields above--they currently have other managers.");
        forced.ExitCode.Should().Be(0, forced.Stderr);
        replicas.Stdout.Should().Be("5");
        back.ExitCode.Should().Be(1);
        back.Stderr.Should().Contain("conflict with \"team-b\" using apps/v1: .spec.replicas");
    }

    [Fact]
    public async Task Diff_ShowsChangeWithoutApplyingIt()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("diffed.yaml", Manifests.Deployment("diffed", "nginx:1.27"));
        (await kubectl.RunAsync("apply", "--server-side", "-f", file)).ExitCode.Should().Be(0);
        await File.WriteAllTextAsync(file, Manifests.Deployment("diffed", "nginx:1.29"));

        var same = await kubectl.RunAsync("diff", "--server-side", "-f", await kubectl.WriteFileAsync("same.yaml", Manifests.Deployment("diffed", "nginx:1.27")));
        var diff = await kubectl.RunAsync("diff", "--server-side", "-f", file);
        var clientDiff = await kubectl.RunAsync("diff", "-f", file);
        var image = await kubectl.RunAsync("get", "deployment", "diffed", "-n", "demo", "-o", "jsonpath={.spec.template.spec.containers[0].image}");

        same.ExitCode.Should().Be(0, same.Stderr + same.Stdout);
        diff.ExitCode.Should().Be(1, diff.Stderr);
        diff.Stdout.Should().Contain("-      - image: nginx:1.27").And.Contain("+      - image: nginx:1.29");
        clientDiff.ExitCode.Should().Be(1, clientDiff.Stderr);
        clientDiff.Stdout.Should().Contain("+      - image: nginx:1.29");
        image.Stdout.Should().Be("nginx:1.27");
    }
}
