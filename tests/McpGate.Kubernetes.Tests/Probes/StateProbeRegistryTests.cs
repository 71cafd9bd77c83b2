using McpGate.Core.Cluster;
using McpGate.Kubernetes.Probes;
using McpGate.Testing.Sandbox;

namespace McpGate.Kubernetes.Tests.Probes;

/// <summary>The registry the gate builds at start: names, dispatch, refusals.</summary>
public sealed class StateProbeRegistryTests(ManualClockSandboxFixture sandbox) : ProbeSandboxTest(sandbox)
{
    [Fact]
    public void Create_RegistersEveryShippedProbe_UnderTheNamesKnownBeforeAnyCluster()
    {
        Probes.Expectations.Should().Equal(
            "job_complete", "node_drained", "node_schedulable", "node_unschedulable", "object_gone", "object_matches", "rollout_complete");
        KubernetesStateProbes.Names.Should().BeEquivalentTo(Probes.Expectations);
    }

    [Fact]
    public void Constructor_TwoProbesClaimOneName_Refused()
    {
        var act = () => new StateProbeRegistry([new ObjectGoneProbe(Port), new JobCompleteProbe(Port), new ObjectGoneProbe(Port)]);

        act.Should().Throw<ArgumentException>().WithMessage("probe ObjectGoneProbe: name object_gone is already registered by ObjectGoneProbe*");
    }

    [Theory]
    [InlineData("Rollout_Complete")]
    [InlineData("rollout_complete ")]
    [InlineData("rollout-complete")]
    [InlineData("rollout_c\u03bfmplete")]
    [InlineData("")]
    [InlineData("rollout_complete\u200b")]
    public async Task ProbeAsync_NameNoProbeHas_FailsListingTheKnownNames_NeverDone(string expectation)
    {
        var result = await LookAsync(Context(Apps("deployments", "web"), expectation));

        result.Status.Should().Be(ProbeStatus.Failed);
        result.Detail.Should().Be($"no verification probe is registered as {expectation} (known: job_complete, node_drained, node_schedulable, node_unschedulable, object_gone, object_matches, rollout_complete)");
    }

    [Fact]
    public async Task ProbeAsync_KnownName_GoesToItsProbe()
    {
        await Sandbox.WaitForIdleAsync(Ct);

        var result = await LookAsync(Context(Apps("deployments", "web"), "rollout_complete"));

        result.Status.Should().Be(ProbeStatus.Done, result.Detail);
        result.Detail.Should().StartWith("rollout complete: ");
    }
}
