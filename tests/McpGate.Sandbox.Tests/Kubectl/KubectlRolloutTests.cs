using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlRolloutTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlRolloutTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task RolloutUndo_AfterSetImage_RestoresPreviousTemplateAndHistory()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("hist.yaml", Manifests.Deployment("hist", "nginx:1.27"));
        (await kubectl.RunAsync("apply", "-f", file)).ExitCode.Should().Be(0);
        (await kubectl.RunAsync("rollout", "status", "deployment/hist", "-n", "demo", "--timeout=20s")).ExitCode.Should().Be(0);
        (await kubectl.RunAsync("set", "image", "deployment/hist", "hist=nginx:1.28", "-n", "demo")).ExitCode.Should().Be(0);
        var rolled = await kubectl.RunAsync("rollout", "status", "deployment/hist", "-n", "demo", "--timeout=20s");

        var history = await kubectl.RunAsync("rollout", "history", "deployment/hist", "-n", "demo");
        var undo = await kubectl.RunAsync("rollout", "undo", "deployment/hist", "-n", "demo");
        var afterUndo = await kubectl.RunAsync("rollout", "status", "deployment/hist", "-n", "demo", "--timeout=20s");
        var image = await kubectl.RunAsync("get", "deployment", "hist", "-n", "demo", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        var historyAfter = await kubectl.RunAsync("rollout", "history", "deployment/hist", "-n", "demo");
        var replicaSets = await kubectl.RunAsync("get", "rs", "-n", "demo", "-l", "app=hist", "--no-headers");

        rolled.ExitCode.Should().Be(0, rolled.Stderr);
        rolled.Stdout.Should().Contain("deployment \"hist\" successfully rolled out");
        history.ExitCode.Should().Be(0, history.Stderr);
        history.Stdout.Should().MatchRegex(@"REVISION\s+CHANGE-CAUSE").And.MatchRegex(@"(?m)^1\s+<none>").And.MatchRegex(@"(?m)^2\s+<none>");
        undo.ExitCode.Should().Be(0, undo.Stderr);
        undo.Stdout.Trim().Should().Be("deployment.apps/hist rolled back");
        afterUndo.ExitCode.Should().Be(0, afterUndo.Stderr);
        image.Stdout.Should().Be("nginx:1.27");
        historyAfter.Stdout.Should().MatchRegex(@"(?m)^2\s+<none>").And.MatchRegex(@"(?m)^3\s+<none>").And.NotMatchRegex(@"(?m)^1\s+<none>");
        replicaSets.Stdout.Trim().Split('\n').Should().HaveCount(2)
            .And.ContainSingle(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^hist-\w+\s+2\s+2\s+2\s"))
            .And.ContainSingle(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^hist-\w+\s+0\s+0\s+0\s"));
    }

    [Fact]
    public async Task RolloutStatus_CrashLoopingImage_FailsAfterProgressDeadline()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("crash.yaml", Manifests.Deployment("crash", "ghcr.io/example/api:crashloop", replicas: 1, progressDeadlineSeconds: 2));
        (await kubectl.RunAsync("apply", "-f", file)).ExitCode.Should().Be(0);

        var status = await kubectl.RunAsync("rollout", "status", "deployment/crash", "-n", "demo", "--timeout=25s");
        var pods = await kubectl.RunAsync("get", "pods", "-n", "demo", "-l", "app=crash", "--no-headers");
        var condition = await kubectl.RunAsync("get", "deployment", "crash", "-n", "demo", "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}");

        status.ExitCode.Should().Be(1, status.Stdout);
        status.Stderr.Should().Contain("error: deployment \"crash\" exceeded its progress deadline");
        pods.Stdout.Should().MatchRegex(@"crash-\w+-\w+\s+0/1\s+CrashLoopBackOff\s+[1-9]");
        condition.Stdout.Should().Be("ProgressDeadlineExceeded");
    }

    [Fact]
    public async Task SetImage_UnresolvableRegistry_PodsGoToImagePullBackOffAndOldPodsStay()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = await kubectl.WriteFileAsync("pull.yaml", Manifests.Deployment("pull", "nginx:1.27", replicas: 4));
        (await kubectl.RunAsync("apply", "-f", file)).ExitCode.Should().Be(0);
        (await kubectl.RunAsync("rollout", "status", "deployment/pull", "-n", "demo", "--timeout=20s")).ExitCode.Should().Be(0);

        (await kubectl.RunAsync("set", "image", "deployment/pull", "pull=invalid.example/web:2.0", "-n", "demo")).ExitCode.Should().Be(0);
        var pods = string.Empty;
        await SandboxApi.WaitUntilAsync(async () =>
        {
            pods = (await kubectl.RunAsync("get", "pods", "-n", "demo", "-l", "app=pull", "--no-headers")).Stdout;
            return pods.Contains("ImagePullBackOff", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(15), "a new pull pod is in ImagePullBackOff", CancellationToken.None);

        var deployment = await kubectl.RunAsync("get", "deployment", "pull", "-n", "demo", "--no-headers");
        var events = await kubectl.RunAsync("get", "events", "-n", "demo", "--field-selector", "reason=Failed");

        pods.Should().Contain("ImagePullBackOff");
        // maxSurge 25% of 4 = 1 new pod, maxUnavailable 25% = 1 old pod retired: 3 old pods keep serving.
        System.Text.RegularExpressions.Regex.Count(pods, @"1/1\s+Running").Should().Be(3);
        deployment.Stdout.Should().MatchRegex(@"^pull\s+3/4\s+2\s+3\s");
        events.Stdout.Should().Contain("Failed to pull image \"invalid.example/web:2.0\"").And.Contain("no such host");
    }
}
