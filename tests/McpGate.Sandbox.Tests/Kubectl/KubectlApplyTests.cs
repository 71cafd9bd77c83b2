using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlApplyTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlApplyTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task ApiResources_ListsServedResources()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("api-resources");

        exitCode.Should().Be(0, stderr);
        stdout.Should().MatchRegex(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment");
        stdout.Should().MatchRegex(@"selfsubjectaccessreviews\s+authorization.k8s.io/v1\s+false\s+SelfSubjectAccessReview");
    }

    [Fact]
    public async Task ApplyCreateThenUpdate_WithValidation_Works()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = Path.Combine(Path.GetTempPath(), $"applied-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Manifest("nginx:1.27"));
        try
        {
            var created = await kubectl.RunAsync("apply", "-f", file);
            await File.WriteAllTextAsync(file, Manifest("nginx:1.28"));
            var configured = await kubectl.RunAsync("apply", "-f", file);
            var image = await kubectl.RunAsync("get", "deploy", "applied", "-n", "demo", "-o", "jsonpath={.spec.template.spec.containers[0].image}");

            created.ExitCode.Should().Be(0, created.Stderr);
            created.Stdout.Trim().Should().Be("deployment.apps/applied created");
            configured.ExitCode.Should().Be(0, configured.Stderr);
            configured.Stdout.Trim().Should().Be("deployment.apps/applied configured");
            image.Stdout.Should().Be("nginx:1.28");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ApplyDryRunServer_DoesNotPersist()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = Path.Combine(Path.GetTempPath(), $"dryrun-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Manifest("nginx:1.27").Replace("name: applied", "name: dry", StringComparison.Ordinal));
        try
        {
            var dryRun = await kubectl.RunAsync("apply", "-f", file, "--dry-run=server");
            var get = await kubectl.RunAsync("get", "deploy", "dry", "-n", "demo");

            dryRun.ExitCode.Should().Be(0, dryRun.Stderr);
            dryRun.Stdout.Trim().Should().Be("deployment.apps/dry created (server dry run)");
            get.ExitCode.Should().Be(1);
            get.Stderr.Should().Contain("deployments.apps \"dry\" not found");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Manifest(string image) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: applied
          namespace: demo
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: applied
          template:
            metadata:
              labels:
                app: applied
            spec:
              containers:
              - name: web
                image: {image}
        """;
}
