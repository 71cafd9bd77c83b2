using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlWatchTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlWatchTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task GetWatch_PrintsTableThenEndsAtRequestTimeout()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("get", "deploy", "-n", "demo", "--watch", "--request-timeout=2s");

        stderr.Should().NotContain("error", "kubectl printed: " + stderr);
        exitCode.Should().Be(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$");
        lines.Should().Contain(l => l.StartsWith("web ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RolloutStatus_OnRolledOutDeployment_ReportsSuccess()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", "demo", "--timeout=20s");

        exitCode.Should().Be(0, stderr);
        stdout.Should().Contain("deployment \"web\" successfully rolled out");
    }

    [Fact]
    public async Task RolloutStatus_AfterScaleUp_WaitsUntilReady()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        using var client = _fixture.CreateHttpClient();
        await SandboxApi.CreateDeploymentAsync(client, "waiting", 2);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("rollout", "status", "deployment/waiting", "-n", "demo", "--timeout=20s");

        exitCode.Should().Be(0, stderr);
        stdout.Should().Contain("deployment \"waiting\" successfully rolled out");
    }
}
