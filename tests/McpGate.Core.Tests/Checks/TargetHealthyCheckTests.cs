using McpGate.Core.Changes;
using System.Text.Json.Nodes;
using McpGate.Core.Checks;

namespace McpGate.Core.Tests.Checks;

[Collection(CheckSandboxGroup.Name)]
public sealed class TargetHealthyCheckTests(CheckSandbox sandbox)
{
    [Fact]
    public async Task Run_AllReplicasReady_Passes()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 2);

        var record = await new TargetHealthyCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(3)));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("2 of 2 replica(s) ready, no pod in CrashLoopBackOff");
        record.EvidenceDigest.Should().Be(Verdict.Digest(new JsonObject { ["desired"] = 2, ["ready"] = 2, ["pods"] = 2, ["crashLooping"] = new JsonArray() }));
    }

    [Fact]
    public async Task Run_PodsInCrashLoopBackOff_WarnsNamingThem()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 2,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
                ["template"] = CheckSandbox.PodTemplate("web", "nginx:crashloop"),
            },
        });
        try
        {
            await WaitForCrashLoopAsync(ns, 2);

            var record = await new TargetHealthyCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Image("web", "nginx:1.27")));

            record.Status.Should().Be(CheckStatus.Warn);
            var pods = CheckResources.Items(await sandbox.Port.ListAsync(CheckResources.Pods(ns), "app=web")).Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
            record.Detail.Should().Be($"unhealthy now: 0 of 2 replica(s) ready; 2 pod(s) in CrashLoopBackOff: \"{pods[0]}\", \"{pods[1]}\"");
        }
        finally
        {
            // A crash-looping pod keeps a back-off timer: the shared sandbox would never settle again.
            await sandbox.DeleteAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web");
        }
    }

    [Fact]
    public async Task Run_FewerReadyThanDesired_Warns()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 2);
        var observed = (await sandbox.Port.GetAsync(CheckSandbox.Deployment(ns, "web")))!;
        observed["status"]!["readyReplicas"] = 1;

        var record = await new TargetHealthyCheck().RunAsync(sandbox.Context(CheckSandbox.Deployment(ns, "web"), observed, observed));

        record.Status.Should().Be(CheckStatus.Warn);
        record.Detail.Should().Be("unhealthy now: 1 of 2 replica(s) ready");
    }

    [Fact]
    public async Task Run_ATargetThatDoesNotExistYet_Passes()
    {
        var dryRun = new JsonObject { ["kind"] = "Deployment", ["spec"] = new JsonObject { ["replicas"] = 2 } };

        var record = await new TargetHealthyCheck().RunAsync(sandbox.Context(CheckSandbox.Deployment("demo", "new"), null, dryRun));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("the deployments does not exist yet; nothing to be unhealthy");
    }

    /// <summary>Polls the API (as a watcher would) until the pods crash-loop; bounded by the sandbox's quiet timeout.</summary>
    private async Task WaitForCrashLoopAsync(string ns, int count)
    {
        using var timeout = new CancellationTokenSource(Testing.Sandbox.SandboxFixture.QuietTimeout);
        while (true)
        {
            var pods = CheckResources.Items(await sandbox.Port.ListAsync(CheckResources.Pods(ns), "app=web", timeout.Token));
            var looping = pods.Count(p => (p["status"]?["containerStatuses"] as JsonArray ?? []).Any(c => c?["state"]?["waiting"]?["reason"]?.GetValue<string>() == "CrashLoopBackOff"));
            if (looping >= count)
            {
                return;
            }

            await sandbox.Sandbox.Cluster.WaitForIdleAsync(Testing.Sandbox.SandboxFixture.QuietTimeout, timeout.Token);
            await Task.Yield();
        }
    }
}
