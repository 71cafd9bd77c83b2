using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Api;

/// <summary>Server-side apply and delete propagation against the sandbox.</summary>
public sealed class ApplyAndDeleteSandboxTests : IClassFixture<KubeSandboxFixture>, IDisposable
{
    private static readonly ResourceRef s_replicaSets = new() { Group = "apps", Version = "v1", Resource = "replicasets", Namespace = "demo" };
    private readonly KubeSandboxFixture _sandbox;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));
    private readonly KubeApiClient _client;

    public ApplyAndDeleteSandboxTests(KubeSandboxFixture sandbox)
    {
        _sandbox = sandbox;
        _client = sandbox.Client();
    }

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _client.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task ApplyAsync_NewObject_CreatesItOwnedByFieldManager()
    {
        var name = TestDeployments.UniqueName("ssa");

        var applied = await _client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 2), "mcpgate", cancellationToken: Ct);

        TestDeployments.Replicas(applied).Should().Be(2);
        applied["metadata"]!["managedFields"]!.AsArray().Should().Contain(f => f!["manager"]!.GetValue<string>() == "mcpgate");
    }

    [Fact]
    public async Task ApplyAsync_FieldOwnedByAnotherManager_ConflictsUnlessForced()
    {
        var name = TestDeployments.UniqueName("ssa2");
        await _client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 2), "someone-else", cancellationToken: Ct);

        var act = () => _client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 4), "mcpgate", cancellationToken: Ct);
        var conflict = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        var dryForced = await _client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 4), "mcpgate", force: true, dryRun: true, Ct);
        var forced = await _client.ApplyAsync(TestDeployments.Named(name), TestDeployments.Body(name, 4), "mcpgate", force: true, cancellationToken: Ct);

        conflict.Reason.Should().Be(KubeApiReason.Conflict);
        conflict.Message.Should().Contain("spec.replicas");
        TestDeployments.Replicas(dryForced).Should().Be(4);
        TestDeployments.Replicas(forced).Should().Be(4);
    }

    [Fact]
    public async Task DeleteAsync_Orphan_LeavesReplicaSetsBehind()
    {
        var target = await _sandbox.CreateDeploymentAsync(_client, "orphan", Ct);
        var replicaSets = await WaitForReplicaSetsAsync(target.Name!);

        await _client.DeleteAsync(target, new KubeDeleteOptions { PropagationPolicy = KubePropagationPolicy.Orphan }, Ct);

        replicaSets.Should().NotBeEmpty();
        var left = await _client.GetAsync(s_replicaSets.WithName(replicaSets[0]), Ct);
        left["metadata"]!["ownerReferences"].Should().BeNull();
    }

    private async Task<List<string>> WaitForReplicaSetsAsync(string deployment)
    {
        while (true)
        {
            var names = new List<string>();
            await foreach (var rs in _client.ListAllAsync(s_replicaSets, cancellationToken: Ct))
            {
                if (rs["metadata"]?["ownerReferences"] is JsonArray owners && owners.Any(o => o?["name"]?.GetValue<string>() == deployment))
                {
                    names.Add(rs["metadata"]!["name"]!.GetValue<string>());
                }
            }

            if (names.Count > 0)
            {
                return names;
            }

            await Task.Delay(50, Ct);
        }
    }
}
