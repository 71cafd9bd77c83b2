using McpGate.Core.Changes;
using System.Text.Json.Nodes;
using McpGate.Core.Checks;

namespace McpGate.Core.Tests.Checks;

[Collection(CheckSandboxGroup.Name)]
public sealed class BlastRadiusCheckTests(CheckSandbox sandbox)
{
    public static TheoryData<int, int, string, string> Scales => new()
    {
        { 2, 4, "pass", "2 pod(s) selected, 0 affected; up to 0 of 2 replica(s) (0%) unavailable at once: no pod is removed or replaced (replicas 2 -> 4)" },
        { 4, 3, "pass", "4 pod(s) selected, 1 affected; up to 1 of 4 replica(s) (25%) unavailable at once: scale-down removes 1 pod(s) (replicas 4 -> 3)" },
        { 4, 2, "warn", "4 pod(s) selected, 2 affected; up to 2 of 4 replica(s) (50%) unavailable at once: scale-down removes 2 pod(s) (replicas 4 -> 2); more than 25% of the replicas" },
        { 2, 0, "warn", "2 pod(s) selected, 2 affected; up to 2 of 2 replica(s) (100%) unavailable at once: scale-down removes 2 pod(s) (replicas 2 -> 0); the workload is left with no replicas" },
    };

    [Theory]
    [MemberData(nameof(Scales))]
    public async Task Run_Scale_ReportsPodsAndShareAgainstTheThreshold(int from, int to, string status, string detail)
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", from);

        var record = await new BlastRadiusCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(to)));

        record.Status.ToWire().Should().Be(status);
        record.Detail.Should().Be(detail);
    }

    [Fact]
    public async Task Run_RollingImageChange_UsesMaxUnavailable_AndRecordsThePods()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 4);
        var context = await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Image("web", "nginx:1.28"));

        var record = await new BlastRadiusCheck().RunAsync(context);

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("4 pod(s) selected, 4 affected; up to 1 of 4 replica(s) (25%) unavailable at once: pod template changes: rolling update, maxUnavailable 25% = 1 pod(s) at a time (replicas stay 4)");
        var pods = await sandbox.Port.ListAsync(CheckResources.Pods(ns), "app=web");
        record.EvidenceDigest.Should().Be(Verdict.Digest(new JsonObject
        {
            ["selector"] = "app=web",
            ["pods"] = new JsonArray([.. CheckResources.Items(pods).Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).Select(n => (JsonNode)n)]),
            ["replicasBefore"] = 4,
            ["replicasAfter"] = 4,
            ["templateChanged"] = true,
            ["affected"] = 4,
            ["unavailable"] = 1,
            ["sharePercent"] = 25,
        }));
    }

    [Fact]
    public async Task Run_RecreateImageChange_WarnsEveryPodGoes()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 3, strategy: new JsonObject { ["type"] = "Recreate" });

        var record = await new BlastRadiusCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Image("web", "nginx:1.28")));

        record.Status.Should().Be(CheckStatus.Warn);
        record.Detail.Should().Contain("up to 3 of 3 replica(s) (100%)").And.Contain("Recreate stops every pod first");
    }

    [Fact]
    public async Task Run_ATargetThatOwnsNoPods_Passes()
    {
        var target = new McpGate.Core.Cluster.ResourceRef { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "prod", Name = "app-config" };
        var context = await sandbox.ContextAsync(target, new JsonObject { ["data"] = new JsonObject { ["LOG_LEVEL"] = "debug" } });

        var record = await new BlastRadiusCheck().RunAsync(context);

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("configmaps owns no pods; no pod is affected");
    }
}
