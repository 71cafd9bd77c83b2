namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlStateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mcpgate-kubectl-state-").FullName;

    [Fact]
    public async Task Scale_WithStatePath_SurvivesARestart()
    {
        var path = Path.Combine(_directory, "state.json");
        await using (var first = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = path, PodReadyDelay = TimeSpan.FromMilliseconds(100) }))
        {
            using var kubectl = await KubectlRunner.CreateAsync(first);
            var scale = await kubectl.RunAsync("scale", "deployment", "web", "-n", "prod", "--replicas=6");
            scale.ExitCode.Should().Be(0, scale.Stderr);
            scale.Stdout.Should().Contain("deployment.apps/web scaled");
        }

        await using var second = await SandboxCluster.StartAsync(new SandboxOptions { StatePath = path, PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        using var again = await KubectlRunner.CreateAsync(second);
        var (exitCode, stdout, stderr) = await again.RunAsync("get", "deployment", "web", "-n", "prod", "-o", "jsonpath={.spec.replicas}");

        exitCode.Should().Be(0, stderr);
        stdout.Should().Be("6");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
