using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Controllers;

/// <summary>The in-process waits for the controller loop: idle, settled, and their failures.</summary>
public sealed class ControllerQuiescenceTests : IClassFixture<ManualClockSandboxFixture>, IDisposable
{
    private readonly ManualClockSandboxFixture _fixture;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public ControllerQuiescenceTests(ManualClockSandboxFixture fixture)
    {
        _fixture = fixture;
        _client = fixture.CreateHttpClient();
    }

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _client.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task WaitForIdleAsync_ManyParallelWrites_ReturnsOnlyOnceEveryDeploymentIsReconciled()
    {
        var names = Enumerable.Range(0, 16).Select(i => $"burst-{i}").ToList();

        await Task.WhenAll(names.Select((name, i) => SandboxApi.CreateDeploymentAsync(_client, name, 1 + (i % 3), Ct)));
        await Task.WhenAll(names.Take(8).Select(name => SandboxApi.MergePatchAsync(_client, SandboxApi.DeploymentsPath + "/" + name + "/scale",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } }, Ct)));
        await _fixture.WaitForIdleAsync(Ct);

        for (var i = 0; i < names.Count; i++)
        {
            var expected = i < 8 ? 4 : 1 + (i % 3);
            var deployment = await SandboxApi.GetAsync(_client, SandboxApi.DeploymentsPath + "/" + names[i], Ct);
            var pods = await SandboxApi.GetAsync(_client, $"/api/v1/namespaces/demo/pods?labelSelector=app%3D{names[i]}", Ct);
            pods["items"]!.AsArray().Select(p => p!["status"]!["phase"]!.GetValue<string>()).Should()
                .HaveCount(expected, names[i]).And.OnlyContain(phase => phase == "Pending", "the clock has not moved");
            SandboxApi.Long(deployment["status"]!["replicas"]).Should().Be(expected, names[i]);
            SandboxApi.Long(deployment["status"]!["readyReplicas"]).Should().Be(0, names[i]);
            SandboxApi.Long(deployment["status"]!["observedGeneration"]).Should().Be(SandboxApi.Generation(deployment), names[i]);
        }

        await _fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);
        await _fixture.Cluster.WaitForSettledAsync(SandboxFixture.QuietTimeout, Ct);
    }

    [Fact]
    public async Task WaitForSettledAsync_PodsWaitingForTheClock_TimesOutNamingThePendingWork()
    {
        await SandboxApi.CreateDeploymentAsync(_client, "unsettled", 2, Ct);
        await _fixture.WaitForIdleAsync(Ct);

        var act = () => _fixture.Cluster.WaitForSettledAsync(TimeSpan.FromMilliseconds(300), Ct);

        (await act.Should().ThrowAsync<TimeoutException>())
            .WithMessage("The sandbox controllers did not settle within 0.3 s: * timed task(s) pending*");
        await _fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);
        await _fixture.Cluster.WaitForSettledAsync(SandboxFixture.QuietTimeout, Ct);
        var deployment = await SandboxApi.GetAsync(_client, SandboxApi.DeploymentsPath + "/unsettled", Ct);
        SandboxApi.Long(deployment["status"]!["readyReplicas"]).Should().Be(2);
    }

    [Fact]
    public async Task WaitForSettledAsync_CrashLoopingPod_NeverSettlesButBecomesIdle()
    {
        var crash = SandboxApi.Deployment("crasher", 1);
        crash["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "ghcr.io/example/api:crashloop";
        await SandboxApi.SendAsync(_client, HttpMethod.Post, SandboxApi.DeploymentsPath, crash, cancellationToken: Ct);
        await _fixture.AdvanceAsync(ManualClockSandboxFixture.PodReadyDelay, Ct);

        var act = () => _fixture.Cluster.WaitForSettledAsync(TimeSpan.FromMilliseconds(300), Ct);

        await act.Should().ThrowAsync<TimeoutException>();
        await _fixture.WaitForIdleAsync(Ct);
        var pods = await SandboxApi.GetAsync(_client, "/api/v1/namespaces/demo/pods?labelSelector=app%3Dcrasher", Ct);
        pods["items"]![0]!["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>().Should().Be("CrashLoopBackOff");
        await SandboxApi.SendAsync(_client, HttpMethod.Delete, SandboxApi.DeploymentsPath + "/crasher", cancellationToken: Ct);
        await _fixture.Cluster.WaitForSettledAsync(SandboxFixture.QuietTimeout, Ct);
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
        var act = () => _fixture.Cluster.WaitForIdleAsync(TimeSpan.Zero, Ct);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}
