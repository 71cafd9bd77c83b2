namespace McpGate.Sandbox.Tests.Kubectl;

/// <summary>Drain and uncordon change nodes cluster-wide, so each test has its own sandbox.</summary>
public sealed class KubectlDrainTests
{
    private static readonly TimeSpan s_quietTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Drain_WithoutBlockingBudgets_EvictsPodsAndControllersRecreateThemElsewhere()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        using var kubectl = await KubectlRunner.CreateAsync(cluster);
        (await kubectl.RunAsync("delete", "pdb", "web", "-n", "prod")).ExitCode.Should().Be(0);

        var drain = await kubectl.RunAsync("drain", "sandbox-worker-1", "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=30s");
        var nodes = await kubectl.RunAsync("get", "nodes");
        var pods = await kubectl.RunAsync("get", "pods", "-A", "--field-selector", "spec.nodeName=sandbox-worker-1", "-o", "name");
        var uncordon = await kubectl.RunAsync("uncordon", "sandbox-worker-1");
        var after = await kubectl.RunAsync("get", "node", "sandbox-worker-1");

        drain.ExitCode.Should().Be(0, drain.Stderr);
        drain.Stdout.Should().Contain("node/sandbox-worker-1 cordoned").And.Contain("evicted").And.Contain("node/sandbox-worker-1 drained");
        drain.Stderr.Should().Contain("Warning: ignoring DaemonSet-managed Pods: prod/log-agent-");
        nodes.Stdout.Should().MatchRegex(@"sandbox-worker-1\s+Ready,SchedulingDisabled");
        pods.Stdout.Trim().Split('\n').Should().ContainSingle().Which.Should().StartWith("pod/log-agent-");
        await cluster.WaitForSettledAsync(s_quietTimeout);
        (await kubectl.RunAsync("get", "deployment/web", "-n", "demo", "--no-headers")).Stdout.Should().MatchRegex(@"^web\s+2/2\s");
        uncordon.ExitCode.Should().Be(0, uncordon.Stderr);
        uncordon.Stdout.Should().Contain("node/sandbox-worker-1 uncordoned");
        after.Stdout.Should().MatchRegex(@"sandbox-worker-1\s+Ready\s");
    }

    [Fact]
    public async Task Drain_BlockedByDisruptionBudget_TimesOutWithTheServersMessage()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions { PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        using var kubectl = await KubectlRunner.CreateAsync(cluster);
        var node = (await kubectl.RunAsync("get", "pods", "-n", "demo", "-l", "app=web", "-o", "jsonpath={.items[0].spec.nodeName}")).Stdout.Trim();
        // kubectl create poddisruptionbudget sends protobuf, which the sandbox decodes only for reviews and Eviction.
        var manifest = await kubectl.WriteFileAsync("pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: demo}\nspec:\n  minAvailable: 2\n  selector: {matchLabels: {app: web}}\n");
        var created = await kubectl.RunAsync("apply", "-f", manifest);
        created.ExitCode.Should().Be(0, created.Stderr);
        await cluster.WaitForIdleAsync(s_quietTimeout);
        (await kubectl.RunAsync("get", "pdb", "web", "-n", "demo", "-o", "jsonpath={.status.currentHealthy}")).Stdout.Should().Be("2");

        var drain = await kubectl.RunAsync("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=3s");
        var web = await kubectl.RunAsync("get", "deployment", "web", "-n", "demo");

        drain.ExitCode.Should().Be(1);
        drain.Stderr.Should().Contain("Cannot evict pod as it would violate the pod's disruption budget.")
            .And.Contain($"error: unable to drain node \"{node}\"");
        web.Stdout.Should().MatchRegex(@"web\s+2/2");
    }
}
