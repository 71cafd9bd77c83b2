using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

/// <summary>kubectl top reads metrics.k8s.io from the sandbox as it would from metrics-server.</summary>
public sealed class KubectlTopTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlTopTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [KubectlFact]
    public async Task TopPods_AllNamespaces_ListsRunningPodsWithCpuAndMemory()
    {
        await _fixture.WaitForSettledAsync();
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("top", "pods", "-A");

        exitCode.Should().Be(0, stderr);
        var lines = stdout.TrimEnd('\n').Split('\n');
        lines[0].Should().MatchRegex(@"^NAMESPACE\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)");
        lines.Should().Contain(l => l.StartsWith("prod ", StringComparison.Ordinal) && l.Contains("cache-0", StringComparison.Ordinal));
        lines.Skip(1).Should().AllSatisfy(l => l.Should().MatchRegex(@"^\S+\s+\S+\s+\d+m\s+\d+Mi\s*$"));
    }

    [KubectlFact]
    public async Task TopPod_ContainersFlag_ShowsEachContainer()
    {
        await _fixture.WaitForSettledAsync();
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var name = (await kubectl.RunAsync("get", "pods", "-n", "demo", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}")).Stdout;

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("top", "pod", name, "-n", "demo", "--containers");

        exitCode.Should().Be(0, stderr);
        stdout.Should().MatchRegex(@"POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)");
        stdout.Should().MatchRegex($@"{name}\s+web\s+\d+m\s+\d+Mi");
    }

    [KubectlFact]
    public async Task TopNodes_ShowsUsageAndShareOfAllocatable()
    {
        await _fixture.WaitForSettledAsync();
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("top", "nodes");

        exitCode.Should().Be(0, stderr);
        stdout.Should().MatchRegex(@"sandbox-worker-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%");
        stdout.Should().MatchRegex(@"sandbox-worker-2\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%");
    }

    [KubectlFact]
    public async Task GetPodMetrics_PrintsMetricsServersColumns()
    {
        await _fixture.WaitForSettledAsync();
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("get", "podmetrics", "-n", "demo", "-l", "app=web");

        exitCode.Should().Be(0, stderr);
        var lines = stdout.TrimEnd('\n').Split('\n');
        lines[0].Should().MatchRegex(@"^NAME\s+CPU\s+MEMORY\s+WINDOW");
        lines.Skip(1).Should().HaveCount(2).And.AllSatisfy(l => l.Should().MatchRegex(@"^web-\S+\s+\d+[num]?\s+\d+(Ki|Mi)\s+30s\s*$"));
    }

    [KubectlFact]
    public async Task TopPods_MetricsServerAbsent_SaysTheMetricsApiIsNotAvailable()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { ServeMetrics = false, PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        using var kubectl = await KubectlRunner.CreateAsync(cluster);

        var (exitCode, _, stderr) = await kubectl.RunAsync("top", "pods", "-n", "demo");

        exitCode.Should().NotBe(0);
        stderr.Should().Contain("Metrics API not available");
    }
}
