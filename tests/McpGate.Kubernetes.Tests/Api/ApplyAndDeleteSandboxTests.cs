using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Api;

/// <summary>Server-side apply and delete propagation against the sandbox.</summary>
public sealed class ApplyAndDeleteSandboxTests : SandboxClientTest, IClassFixture<KubeSandboxFixture>
{
    private static readonly ResourceRef s_replicaSets = new() { Group = "apps", Version = "v1", Resource = "replicasets", Namespace = "demo" };
    public ApplyAndDeleteSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    [Fact]
    public async Task ApplyAsync_NewObject_CreatesItOwnedByFieldManager()
    {
        var name = TestDeployments.UniqueName("ssa");

        var applied = await Client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 2), "mcpgate", cancellationToken: Ct);

        TestDeployments.Replicas(applied).Should().Be(2);
        applied["metadata"]!["managedFields"]!.AsArray().Should().Contain(f => f!["manager"]!.GetValue<string>() == "mcpgate");
    }

    [Fact]
    public async Task ApplyAsync_FieldOwnedByAnotherManager_ConflictsUnlessForced()
    {
        var name = TestDeployments.UniqueName("ssa2");
        await Client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 2), "someone-else", cancellationToken: Ct);

        var act = () => Client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 4), "mcpgate", cancellationToken: Ct);
        var conflict = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        var dryForced = await Client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 4), "mcpgate", force: true, dryRun: true, Ct);
        var forced = await Client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 4), "mcpgate", force: true, cancellationToken: Ct);

        conflict.Reason.Should().Be(KubeApiReason.Conflict);
        conflict.Message.Should().Contain("spec.replicas");
        TestDeployments.Replicas(dryForced).Should().Be(4);
        TestDeployments.Replicas(forced).Should().Be(4);
    }

    [Fact]
    public async Task DeleteAsync_Orphan_LeavesReplicaSetsBehind()
    {
        var target = await Sandbox.CreateDeploymentAsync(Client, "orphan", Ct);
        var replicaSets = await WaitForReplicaSetsAsync(target.Name!);

        await Client.DeleteAsync(target, new KubeDeleteOptions { PropagationPolicy = KubePropagationPolicy.Orphan }, Ct);

        replicaSets.Should().NotBeEmpty();
        var left = await Client.GetAsync(s_replicaSets.WithName(replicaSets[0]), Ct);
        left["metadata"]!["ownerReferences"].Should().BeNull();
    }

    /// <summary>The deployment's ReplicaSets once the controllers have reconciled its creation.</summary>
    private async Task<List<string>> WaitForReplicaSetsAsync(string deployment)
    {
        await Sandbox.WaitForIdleAsync(Ct);
        var names = new List<string>();
        await foreach (var rs in Client.ListAllAsync(s_replicaSets, cancellationToken: Ct))
        {
            if (rs["metadata"]?["ownerReferences"] is JsonArray owners && owners.Any(o => o?["name"]?.GetValue<string>() == deployment))
            {
                names.Add(rs["metadata"]!["name"]!.GetValue<string>());
            }
        }

        names.Should().NotBeEmpty($"the controller made a ReplicaSet for {deployment}");
        return names;
    }
}
