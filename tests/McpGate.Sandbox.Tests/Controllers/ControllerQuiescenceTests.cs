using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Controllers;

/// <summary>The in-process waits for the controller loop: idle, settled, and their failures.</summary>
public sealed class ControllerQuiescenceTests : ManualClockSandboxTest
{
    public ControllerQuiescenceTests(ManualClockSandboxFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task WaitForIdleAsync_ManyParallelWrites_ReturnsOnlyOnceEveryDeploymentIsReconciled()
    {
        var names = Enumerable.Range(0, 16).Select(i => $"burst-{i}").ToList();

        await Task.WhenAll(names.Select((name, i) => SandboxApi.CreateDeploymentAsync(Client, name, 1 + (i % 3), Ct)));
        await Task.WhenAll(names.Take(8).Select(name => SandboxApi.MergePatchAsync(Client, SandboxApi.DeploymentsPath + "/" + name + "/scale",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } }, Ct)));
        await Fixture.WaitForIdleAsync(Ct);

        for (var i = 0; i < names.Count; i++)
        {
            var expected = i < 8 ? 4 : 1 + (i % 3);
            var deployment = await SandboxApi.GetAsync(Client, SandboxApi.DeploymentsPath + "/" + names[i], Ct);
            var pods = await SandboxApi.GetAsync(Client, $"/api/v1/namespaces/demo/pods?labelSelector=app%3D{names[i]}", Ct);
            pods["items"]!.AsArray().Select(p => p!["status"]!["phase"]!.GetValue<string>()).Should()
                .HaveCount(expected, names[i]).And.OnlyContain(phase => phase == "Pending", "the clock has not moved");
            SandboxApi.Long(deployment["status"]!["replicas"]).Should().Be(expected, names[i]);
            SandboxApi.Long(deployment["status"]!["readyReplicas"]).Should().Be(0, names[i]);
            SandboxApi.Long(deployment["status"]!["observedGeneration"]).Should().Be(SandboxApi.Generation(deployment), names[i]);
        }

        await Fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);
        await Fixture.Cluster.WaitForSettledAsync(SandboxFixture.QuietTimeout, Ct);
    }

    [Fact]
    public async Task WaitForSettledAsync_PodsWaitingForTheClock_TimesOutNamingThePendingWork()
    {
        await SandboxApi.CreateDeploymentAsync(Client, "unsettled", 2, Ct);
        await Fixture.WaitForIdleAsync(Ct);

        var act = () => Fixture.Cluster.WaitForSettledAsync(TimeSpan.FromMilliseconds(300), Ct);

        (await act.Should().ThrowAsync<TimeoutException>())
            .WithMessage("The sandbox controllers did not settle within 0.3 s: * timed task(s) pending*");
        await Fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);
        await Fixture.Cluster.WaitForSettledAsync(SandboxFixture.QuietTimeout, Ct);
        var deployment = await SandboxApi.GetAsync(Client, SandboxApi.DeploymentsPath + "/unsettled", Ct);
        SandboxApi.Long(deployment["status"]!["readyReplicas"]).Should().Be(2);
    }

    [Fact]
    public async Task WaitForSettledAsync_CrashLoopingPod_NeverSettlesButBecomesIdle()
    {
        var crash = SandboxApi.Deployment("crasher", 1);
        crash["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "ghcr.io/example/api:crashloop";
        await SandboxApi.SendAsync(Client, HttpMethod.Post, SandboxApi.DeploymentsPath, crash, cancellationToken: Ct);
        await Fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);

        var act = () => Fixture.Cluster.WaitForSettledAsync(TimeSpan.FromMilliseconds(300), Ct);

        await act.Should().ThrowAsync<TimeoutException>();
        await Fixture.WaitForIdleAsync(Ct);
        var pods = await SandboxApi.GetAsync(Client, "/api/v1/namespaces/demo/pods?labelSelector=app%3Dcrasher", Ct);
        pods["items"]![0]!["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>().Should().Be("CrashLoopBackOff");
        await SandboxApi.SendAsync(Client, HttpMethod.Delete, SandboxApi.DeploymentsPath + "/crasher", cancellationToken: Ct);
        await Fixture.Cluster.WaitForSettledAsync(SandboxFixture.QuietTimeout, Ct);
    }

    [Fact]
    public async Task WaitForIdleAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var cluster = await SandboxCluster.StartAsync(new SandboxOptions { SeedDemo = false });
        await cluster.WaitForSettledAsync(SandboxFixture.QuietTimeout, Ct);
        await cluster.DisposeAsync();

        var act = () => cluster.WaitForIdleAsync(SandboxFixture.QuietTimeout, Ct);

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public async Task WaitForIdleAsync_NonPositiveTimeout_Throws()
    {
        var act = () => Fixture.Cluster.WaitForIdleAsync(TimeSpan.Zero, Ct);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}
