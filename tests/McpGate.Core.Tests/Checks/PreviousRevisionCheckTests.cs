using McpGate.Core.Changes;
using System.Text.Json.Nodes;
using McpGate.Core.Checks;

namespace McpGate.Core.Tests.Checks;

[Collection(CheckSandboxGroup.Name)]
public sealed class PreviousRevisionCheckTests(CheckSandbox sandbox)
{
    [Fact]
    public async Task Run_ANewDeployment_WarnsThereIsNothingToRollBackTo()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 1);

        var record = await new PreviousRevisionCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(2)));

        record.Status.Should().Be(CheckStatus.Warn);
        record.Detail.Should().Be("no previous revision to roll back to: 1 ReplicaSet(s) owned, current revision 1");
    }

    [Fact]
    public async Task Run_ADeploymentRolledOnce_PassesNamingTheOldReplicaSet()
    {
        var ns = await sandbox.NamespaceAsync();
        await sandbox.CreateDeploymentAsync(ns, "web", 1);
        var first = CheckResources.Items(await sandbox.Port.ListAsync(CheckResources.ReplicaSets(ns))).Single()["metadata"]!["name"]!.GetValue<string>();
        await sandbox.Port.PatchAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Image("web", "nginx:1.28"), null, dryRun: false);
        await sandbox.Sandbox.WaitForSettledAsync();

        var record = await new PreviousRevisionCheck().RunAsync(await sandbox.ContextAsync(CheckSandbox.Deployment(ns, "web"), CheckSandbox.Replicas(2)));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be($"revision 1 (ReplicaSet \"{first}\") can be rolled back to; 2 revision(s) kept, current 2");
    }

    [Fact]
    public async Task Run_AStatefulSetWithAnOlderControllerRevision_Passes()
    {
        var ns = await sandbox.NamespaceAsync();
        var set = await CreateStatefulSetAsync(ns);
        await CreateRevisionAsync(ns, set, "cache-old", 1, "cache");
        await CreateRevisionAsync(ns, set, "cache-new", 2, "cache");
        await CreateRevisionAsync(ns, null, "stray", 7, "cache");

        var record = await new PreviousRevisionCheck().RunAsync(await sandbox.ContextAsync(StatefulSet(ns), CheckSandbox.Replicas(2)));

        record.Status.Should().Be(CheckStatus.Pass);
        record.Detail.Should().Be("revision 1 (ControllerRevision \"cache-old\") can be rolled back to; 2 revision(s) kept, current 2");
        record.EvidenceDigest.Should().Be(Verdict.Digest(new JsonObject
        {
            ["kind"] = "controllerrevisions",
            ["current"] = 2,
            ["revisions"] = new JsonArray(new JsonObject { ["name"] = "cache-new", ["revision"] = 2 }, new JsonObject { ["name"] = "cache-old", ["revision"] = 1 }),
        }));
    }

    [Fact]
    public async Task Run_AStatefulSetWithOneRevision_Warns()
    {
        var ns = await sandbox.NamespaceAsync();
        var set = await CreateStatefulSetAsync(ns);
        await CreateRevisionAsync(ns, set, "cache-new", 1, "cache");

        var record = await new PreviousRevisionCheck().RunAsync(await sandbox.ContextAsync(StatefulSet(ns), CheckSandbox.Replicas(2)));

        record.Status.Should().Be(CheckStatus.Warn);
        record.Detail.Should().Be("no previous revision to roll back to: 1 ControllerRevision(s) owned, current revision 1");
    }

    [Fact]
    public async Task Run_AKindWithoutRevisions_Warns()
    {
        var target = new McpGate.Core.Cluster.ResourceRef { Group = string.Empty, Version = "v1", Resource = "configmaps", Namespace = "prod", Name = "app-config" };

        var record = await new PreviousRevisionCheck().RunAsync(await sandbox.ContextAsync(target, new JsonObject { ["data"] = new JsonObject { ["A"] = "b" } }));

        record.Status.Should().Be(CheckStatus.Warn);
        record.Detail.Should().Be("the configmaps keeps no revision history; there is no revision to roll back to");
    }

    private static McpGate.Core.Cluster.ResourceRef StatefulSet(string ns) => new() { Group = "apps", Version = "v1", Resource = "statefulsets", Namespace = ns, Name = "cache" };

    private async Task<JsonObject> CreateStatefulSetAsync(string ns)
    {
        await sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/statefulsets", new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
            ["metadata"] = new JsonObject { ["name"] = "cache", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["serviceName"] = "cache",
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "cache" } },
                ["template"] = CheckSandbox.PodTemplate("cache", "redis:7.4"),
            },
        });
        await sandbox.Sandbox.WaitForSettledAsync();
        return (await sandbox.Port.GetAsync(StatefulSet(ns)))!;
    }

    /// <summary>A ControllerRevision as the statefulset controller writes one: pod labels, controller owner reference, revision number.</summary>
    private Task<JsonObject> CreateRevisionAsync(string ns, JsonObject? owner, string name, int revision, string app) =>
        sandbox.PostAsync($"/apis/apps/v1/namespaces/{ns}/controllerrevisions", new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ControllerRevision",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["app"] = app, ["controller-revision-hash"] = name },
                ["ownerReferences"] = owner is null ? new JsonArray() : new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "StatefulSet",
                    ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
                    ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = CheckSandbox.PodTemplate(app, "redis:7.4") } },
            ["revision"] = revision,
        });
}
