using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Kubectl;

public sealed class KubectlCoreResourceTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public KubectlCoreResourceTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task GetNodes_ThenCordon_ShowsSchedulingDisabled()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);

        var before = await kubectl.RunAsync("get", "nodes");
        var cordon = await kubectl.RunAsync("cordon", "sandbox-worker-2");
        var after = await kubectl.RunAsync("get", "node", "sandbox-worker-2");

        before.ExitCode.Should().Be(0, before.Stderr);
        before.Stdout.Should().MatchRegex(@"NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION");
        before.Stdout.Should().MatchRegex(@"sandbox-worker-1\s+Ready\s+<none>\s+\S+\s+v1.32.0");
        cordon.ExitCode.Should().Be(0, cordon.Stderr);
        cordon.Stdout.Trim().Should().Be("node/sandbox-worker-2 cordoned");
        after.Stdout.Should().MatchRegex(@"sandbox-worker-2\s+Ready,SchedulingDisabled");
    }

    [Fact]
    public async Task ApplyServiceConfigMapSecret_ThenGet_PrintsServerColumns()
    {
        using var kubectl = await KubectlRunner.CreateAsync(_fixture.Cluster);
        var file = Path.Combine(Path.GetTempPath(), $"core-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: demo}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: web-config, namespace: demo}
            data: {a: "1", b: "2"}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: web-secret, namespace: demo}
            stringData: {password: hunter2}
            """);
        try
        {
            var apply = await kubectl.RunAsync("apply", "-f", file);
            var services = await kubectl.RunAsync("get", "svc", "-n", "demo");
            var configMaps = await kubectl.RunAsync("get", "cm", "web-config", "-n", "demo");
            var secret = await kubectl.RunAsync("get", "secret", "web-secret", "-n", "demo", "-o", "jsonpath={.data.password}");

            apply.ExitCode.Should().Be(0, apply.Stderr);
            apply.Stdout.Should().Contain("service/web created").And.Contain("configmap/web-config created").And.Contain("secret/web-secret created");
            services.Stdout.Should().MatchRegex(@"NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE");
            services.Stdout.Should().MatchRegex(@"web\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80/TCP");
            configMaps.Stdout.Should().MatchRegex(@"web-config\s+2\s+");
            secret.Stdout.Should().Be(Convert.ToBase64String("hunter2"u8.ToArray()));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
