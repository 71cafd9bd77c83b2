using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Writes;

/// <summary>Eviction through the port: a budget that allows it, one that refuses (told apart from throttling, never retried), dry run.</summary>
public sealed class PortEvictionSandboxTests : PortSandboxTest, IClassFixture<KubeSandboxFixture>
{
    public PortEvictionSandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    [Fact]
    public async Task EvictAsync_BudgetAllowsADisruption_DeletesThePod()
    {
        var (pods, _) = await PodsUnderBudgetAsync("allow", pods: 2, minAvailable: 1);

        var status = await Port.EvictAsync(pods[0], null, dryRun: false, Ct);

        status["status"]!.GetValue<string>().Should().Be("Success");
        (await ObservedAsync(pods[0])).Should().BeNull();
        (await ObservedAsync(pods[1])).Should().NotBeNull();
    }

    [Fact]
    public async Task EvictAsync_BudgetAllowsNoDisruption_DisruptionBudgetKindSentOnceAndPodStays()
    {
        var (pods, budget) = await PodsUnderBudgetAsync("block", pods: 1, minAvailable: 1);
        var before = (await ObservedAsync(pods[0]))!;
        Sandbox.Cluster.ResetRequestCounts();

        var act = () => Port.EvictAsync(pods[0], null, dryRun: false, Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.DisruptionBudget, "a budget's refusal is not throttling");
        error.StatusCode.Should().Be(429);
        error.Message.Should().Contain("PodDisruptionBudget").And.Contain(budget);
        Sandbox.Cluster.CountRequests("POST", $"/api/v1/namespaces/demo/pods/{pods[0].Name}/eviction").Should().Be(1, "the refusal is not retried");
        var after = (await ObservedAsync(pods[0]))!;
        TestDeployments.ResourceVersion(after).Should().Be(TestDeployments.ResourceVersion(before));
        after["metadata"]!["deletionTimestamp"].Should().BeNull();
    }

    [Fact]
    public async Task EvictAsync_DryRun_ChecksTheBudgetButKeepsThePod()
    {
        var (allowed, _) = await PodsUnderBudgetAsync("dryok", pods: 2, minAvailable: 1);
        var (blocked, _) = await PodsUnderBudgetAsync("dryno", pods: 1, minAvailable: 1);

        await Port.EvictAsync(allowed[0], null, dryRun: true, Ct);
        var refused = () => Port.EvictAsync(blocked[0], null, dryRun: true, Ct);

        (await refused.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.DisruptionBudget);
        (await ObservedAsync(allowed[0])).Should().NotBeNull();
        (await ObservedAsync(blocked[0])).Should().NotBeNull();
    }

    [Fact]
    public async Task EvictAsync_Throttled_TooManyRequestsNotDisruptionBudgetAndNotRetried()
    {
        var (pods, _) = await PodsUnderBudgetAsync("thr", pods: 2, minAvailable: 1);
        var path = $"/api/v1/namespaces/demo/pods/{pods[0].Name}/eviction";
        Sandbox.Cluster.ResetRequestCounts();
        Sandbox.Cluster.Faults.Add(new McpGate.Sandbox.Faults.SandboxFault
        {
            Method = "POST",
            PathPrefix = path,
            Kind = McpGate.Sandbox.Faults.SandboxFaultKind.TooManyRequests,
            RetryAfter = TimeSpan.Zero,
        });

        var act = () => Port.EvictAsync(pods[0], null, dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.TooManyRequests);
        Sandbox.Cluster.CountRequests("POST", path).Should().Be(1, "a write is never resent after the server answered");
        (await ObservedAsync(pods[0])).Should().NotBeNull();
    }

    [Fact]
    public async Task EvictAsync_StaleUid_ConflictAndPodStays()
    {
        var (pods, _) = await PodsUnderBudgetAsync("evuid", pods: 2, minAvailable: 1);

        var act = () => Port.EvictAsync(pods[0], new DeletePreconditions { Uid = "00000000-0000-0000-0000-000000000000" }, dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.Conflict);
        (await ObservedAsync(pods[0])).Should().NotBeNull();
    }

    [Fact]
    public async Task EvictAsync_MissingPod_IsNotFound()
    {
        var act = () => Port.EvictAsync(TestObjects.Pods.WithName("no-such-pod"), null, dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.NotFound);
    }

    [Fact]
    public async Task ListAsync_FieldSelector_ReturnsOnlyMatchingPods()
    {
        var (pods, _) = await PodsUnderBudgetAsync("fsel", pods: 2, minAvailable: 1);

        var list = await Port.ListAsync(TestObjects.Pods, new ListFilter { FieldSelector = $"metadata.name={pods[1].Name}", LabelSelector = $"group={pods[1].Name![..^2]}" }, Ct);

        list["items"]!.AsArray().Select(p => p!["metadata"]!["name"]!.GetValue<string>()).Should().Equal(pods[1].Name);
    }

    /// <summary>Bare pods labelled as one group, running and ready, under a budget of <paramref name="minAvailable"/>.</summary>
    private async Task<(List<ResourceRef> Pods, string Budget)> PodsUnderBudgetAsync(string prefix, int pods, int minAvailable)
    {
        var group = TestDeployments.UniqueName(prefix);
        var refs = new List<ResourceRef>();
        for (var i = 0; i < pods; i++)
        {
            var name = $"{group}-{i}";
            await Client.CreateAsync(TestObjects.Pods, TestObjects.Pod(name, group), cancellationToken: Ct);
            refs.Add(TestObjects.Pods.WithName(name));
        }

        await Client.CreateAsync(TestObjects.DisruptionBudgets, TestObjects.DisruptionBudget(group, group, minAvailable), cancellationToken: Ct);
        await Sandbox.WaitForSettledAsync(Ct);
        foreach (var pod in refs)
        {
            var observed = (await ObservedAsync(pod))!;
            observed["status"]!["phase"]!.GetValue<string>().Should().Be("Running", "the budget only counts running pods");
        }

        return (refs, group);
    }
}
