using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlWorkloadTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlWorkloadTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string, string, string> Tables => new()
    {
        { "statefulsets", @"^NAME\s+READY\s+AGE$", @"^cache\s+3/3\s+" },
        { "daemonsets", @"^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE$", @"^log-agent\s+2\s+2\s+2\s+2\s+2\s+<none>\s+" },
        { "jobs", @"^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$", @"^db-migrate\s+Complete\s+1/1\s+" },
        { "cronjobs", @"^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$", @"^nightly-report\s+0 2 \* \* \*\s+<none>\s+False\s+0\s+<none>\s+" },
        { "hpa", @"^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$", @"^web\s+Deployment/web\s+cpu: <unknown>/80%\s+4\s+10\s+4\s+" },
        { "pdb", @"^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$", @"^web\s+3\s+N/A\s+1\s+" },
        { "ingress", @"^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE$", @"^web\s+nginx\s+shop\.example\.com\s+80\s+" },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Get_InProd_PrintsTheServersColumns(string resource, string header, string row)
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("get", resource, "-n", "prod");

        exitCode.Should().Be(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(header);
        lines.Skip(1).Should().Contain(l => System.Text.RegularExpressions.Regex.IsMatch(l, row), stdout);
    }

    [Fact]
    public async Task GetAll_InProd_ListsEveryWorkloadKind()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("get", "all", "-n", "prod");

        exitCode.Should().Be(0, stderr);
        foreach (var name in (string[])["pod/cache-0", "pod/cache-2", "service/web", "deployment.apps/web", "replicaset.apps/web-", "statefulset.apps/cache", "daemonset.apps/log-agent",
            "job.batch/db-migrate", "cronjob.batch/nightly-report", "horizontalpodautoscaler.autoscaling/web"])
        {
            stdout.Should().Contain(name);
        }

        stdout.Should().MatchRegex(@"pod/db-migrate-\S+\s+0/1\s+Completed");
    }

    [Fact]
    public async Task ApiResources_ListsTheNewKinds()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var (exitCode, stdout, stderr) = await kubectl.RunAsync("api-resources");

        exitCode.Should().Be(0, stderr);
        stdout.Should().MatchRegex(@"statefulsets\s+sts\s+apps/v1\s+true\s+StatefulSet")
            .And.MatchRegex(@"poddisruptionbudgets\s+pdb\s+policy/v1\s+true\s+PodDisruptionBudget")
            .And.MatchRegex(@"horizontalpodautoscalers\s+hpa\s+autoscaling/v2\s+true\s+HorizontalPodAutoscaler")
            .And.MatchRegex(@"ingresses\s+ing\s+networking\.k8s\.io/v1\s+true\s+Ingress");
    }
}
