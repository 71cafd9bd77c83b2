using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

/// <summary>kubectl logs options the read tools pass on: timestamps, since, previous.</summary>
public sealed class KubectlLogsTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlLogsTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [KubectlFact]
    public async Task Logs_TimestampsAndSince_PrefixEachRecentLineWithItsTime()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("logs", "deployment/web", "-n", "demo", "--timestamps", "--since=1h");

        exitCode.Should().Be(0, stderr);
        stdout.TrimEnd('\n').Split('\n').Should().NotBeEmpty().And.AllSatisfy(l => l.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z "));
    }

    [KubectlFact]
    public async Task Logs_PreviousOfARunningContainer_FailsWithTheServersMessage()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var name = (await kubectl.RunAsync("get", "pods", "-n", "demo", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}")).Stdout;

        var (exitCode, _, stderr) = await kubectl.RunAsync("logs", name, "-n", "demo", "--previous");

        exitCode.Should().NotBe(0);
        stderr.Should().Contain($"previous terminated container \"web\" in pod \"{name}\" not found");
    }
}
