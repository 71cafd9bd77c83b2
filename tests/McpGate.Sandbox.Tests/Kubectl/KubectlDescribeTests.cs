using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlDescribeTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlDescribeTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task DescribeDeployment_ShowsReplicaSetsConditionsAndEvents()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("describe", "deployment", "web", "-n", "demo");

        exitCode.Should().Be(0, stderr);
        stdout.Should().MatchRegex(@"Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable");
        stdout.Should().MatchRegex(@"StrategyType:\s+RollingUpdate");
        stdout.Should().MatchRegex(@"RollingUpdateStrategy:\s+25% max unavailable, 25% max surge");
        stdout.Should().MatchRegex(@"Image:\s+nginx:1.27");
        stdout.Should().MatchRegex(@"Available\s+True\s+MinimumReplicasAvailable");
        stdout.Should().MatchRegex(@"Progressing\s+True\s+NewReplicaSetAvailable");
        stdout.Should().MatchRegex(@"NewReplicaSet:\s+web-\w+ \(2/2 replicas created\)");
        stdout.Should().MatchRegex(@"Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set web-\w+ from 0 to 2");
    }

    [Fact]
    public async Task DescribePod_ShowsNodeContainerStateAndKubeletEvents()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var name = (await kubectl.RunAsync("get", "pods", "-n", "demo", "-l", "app=api", "-o", "jsonpath={.items[0].metadata.name}")).Stdout;

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("describe", "pod", name, "-n", "demo");

        exitCode.Should().Be(0, stderr);
        stdout.Should().MatchRegex(@"Node:\s+sandbox-worker-\d/172\.18\.0\.\d");
        stdout.Should().MatchRegex(@"Status:\s+Running");
        stdout.Should().MatchRegex(@"Controlled By:\s+ReplicaSet/api-\w+");
        stdout.Should().MatchRegex(@"State:\s+Running");
        stdout.Should().MatchRegex(@"Normal\s+Scheduled\s+.*default-scheduler\s+Successfully assigned demo/" + name + " to sandbox-worker-");
        stdout.Should().MatchRegex(@"Normal\s+Started\s+.*kubelet\s+Started container api");
    }

    [Fact]
    public async Task Logs_Deployment_PrintsContainerOutputAndHonoursTail()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var all = await kubectl.RunAsync("logs", "deployment/web", "-n", "demo");
        var tail = await kubectl.RunAsync("logs", "deployment/web", "-n", "demo", "--tail=2");

        all.ExitCode.Should().Be(0, all.Stderr);
        all.Stdout.Should().Contain("/docker-entrypoint.sh: Configuration complete; ready for start up").And.Contain("nginx/1.27");
        tail.ExitCode.Should().Be(0, tail.Stderr);
        tail.Stdout.TrimEnd('\n').Split('\n').Should().HaveCount(2);
    }

    [Fact]
    public async Task Logs_CrashLoopingPod_ShowsTheCrashAndWaitingPodIsAnError()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var crash = await kubectl.WriteFileAsync("logcrash.yaml", Manifests.Deployment("logcrash", "ghcr.io/example/worker:crashloop", replicas: 1));
        (await kubectl.RunAsync("apply", "-f", crash)).ExitCode.Should().Be(0);
        await SandboxApi.WaitUntilAsync(async () =>
            (await kubectl.RunAsync("get", "pods", "-n", "demo", "-l", "app=logcrash", "--no-headers")).Stdout.Contains("CrashLoopBackOff", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "the logcrash pod crash-loops", CancellationToken.None);

        var logs = await kubectl.RunAsync("logs", "deployment/logcrash", "-n", "demo", "--previous");
        var describe = await kubectl.RunAsync("describe", "pods", "-n", "demo", "-l", "app=logcrash");

        logs.ExitCode.Should().Be(0, logs.Stderr);
        logs.Stdout.Should().Contain("FATAL exiting");
        describe.ExitCode.Should().Be(0, describe.Stderr);
        describe.Stdout.Should().MatchRegex(@"State:\s+Waiting\s+Reason:\s+CrashLoopBackOff");
        describe.Stdout.Should().MatchRegex(@"Last State:\s+Terminated\s+Reason:\s+Error\s+Exit Code:\s+1");
        describe.Stdout.Should().MatchRegex(@"Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container logcrash");
    }
}
