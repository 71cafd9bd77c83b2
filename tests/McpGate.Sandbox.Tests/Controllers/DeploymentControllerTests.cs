using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Controllers;

/// <summary>
/// The deployment controller on a manual clock: pods start only when the test moves the clock, and
/// every observation follows <see cref="ManualClockSandboxFixture.WaitForIdleAsync"/>, so states in
/// between (scaled, not yet ready) are asserted exactly rather than raced.
/// </summary>
public sealed class DeploymentControllerTests : ManualClockSandboxTest
{
    private const string Deployments = SandboxApi.DeploymentsPath;
    private static readonly TimeSpan s_podReadyDelay = ManualClockSandboxFixture.PodReadyDelay;
    public DeploymentControllerTests(ManualClockSandboxFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task Scale_From2To5_NewPodsPendingUntilPodReadyDelayThenReady()
    {
        await CreateReadyAsync("grow", 2);

        var (status, _) = await SandboxApi.MergePatchAsync(Client, Deployments + "/grow/scale",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 5 } }, Ct);
        await Fixture.WaitForIdleAsync(Ct);
        var scaled = await SandboxApi.GetAsync(Client, Deployments + "/grow", Ct);
        var pendingPhases = await PodPhasesAsync("grow");
        await Fixture.AdvanceAsync(s_podReadyDelay, Ct);
        var final = await SandboxApi.GetAsync(Client, Deployments + "/grow", Ct);
        var finalPhases = await PodPhasesAsync("grow");

        status.Should().Be(HttpStatusCode.OK);
        SandboxApi.Long(scaled["status"]!["replicas"]).Should().Be(5);
        SandboxApi.Long(scaled["status"]!["readyReplicas"]).Should().Be(2, "the three new pods wait PodReadyDelay on the sandbox clock");
        pendingPhases.Should().BeEquivalentTo(["Running", "Running", "Pending", "Pending", "Pending"]);
        var statusBlock = final["status"]!;
        SandboxApi.Long(statusBlock["replicas"]).Should().Be(5);
        SandboxApi.Long(statusBlock["readyReplicas"]).Should().Be(5);
        SandboxApi.Long(statusBlock["updatedReplicas"]).Should().Be(5);
        SandboxApi.Long(statusBlock["availableReplicas"]).Should().Be(5);
        SandboxApi.Long(statusBlock["observedGeneration"]).Should().Be(SandboxApi.Generation(final));
        statusBlock["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).Should().Contain(["Available", "Progressing"]);
        finalPhases.Should().HaveCount(5).And.OnlyContain(p => p == "Running");
    }

    [Fact]
    public async Task Scale_Down_RemovesPodsWithoutTheClockMoving()
    {
        await CreateReadyAsync("shrink", 3);

        await SandboxApi.MergePatchAsync(Client, Deployments + "/shrink", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } }, Ct);
        await Fixture.WaitForIdleAsync(Ct);
        var deployment = await SandboxApi.GetAsync(Client, Deployments + "/shrink", Ct);

        (await PodPhasesAsync("shrink")).Should().Equal("Running");
        SandboxApi.Long(deployment["status"]!["replicas"]).Should().Be(1);
        SandboxApi.Long(deployment["status"]!["readyReplicas"]).Should().Be(1);
    }

    [Fact]
    public async Task Delete_Deployment_RemovesItsPods()
    {
        await CreateReadyAsync("gone", 2);

        await SandboxApi.SendAsync(Client, HttpMethod.Delete, Deployments + "/gone", cancellationToken: Ct);
        await Fixture.WaitForIdleAsync(Ct);

        (await PodPhasesAsync("gone")).Should().BeEmpty("the garbage collector removes the ReplicaSet and then its pods");
    }

    [Fact]
    public async Task Update_Image_SurgesOneNewPodThenRollsToNewTemplate()
    {
        await CreateReadyAsync("roll", 2);
        var patch = JsonNode.Parse("""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.28"}]""");

        await SandboxApi.SendAsync(Client, HttpMethod.Patch, Deployments + "/roll", patch, "application/json-patch+json", Ct);
        await Fixture.WaitForIdleAsync(Ct);
        var surged = await PodsAsync("roll");
        var steps = 0;
        while (!await RolledOutAsync("roll", "nginx:1.28") && steps < 10)
        {
            await Fixture.AdvanceAsync(s_podReadyDelay, Ct);
            steps++;
        }

        // maxSurge 25% of 2 rounds up to 1, maxUnavailable 25% rounds down to 0: one new pod first, no old pod gone yet.
        surged.Select(Describe).Should().BeEquivalentTo(["nginx:1.27 Running", "nginx:1.27 Running", "nginx:1.28 Pending"]);
        (await RolledOutAsync("roll", "nginx:1.28")).Should().BeTrue($"the rollout finishes within 10 steps of PodReadyDelay (took {steps})");
        (await PodsAsync("roll")).Select(Describe).Should().Equal("nginx:1.28 Running", "nginx:1.28 Running");
    }

    /// <summary>Creates a deployment, then moves the clock so its pods start: it is fully rolled out on return.</summary>
    private async Task CreateReadyAsync(string name, int replicas)
    {
        await SandboxApi.CreateDeploymentAsync(Client, name, replicas, Ct);
        await Fixture.AdvanceAsync(s_podReadyDelay, Ct);
        var deployment = await SandboxApi.GetAsync(Client, Deployments + "/" + name, Ct);
        SandboxApi.Long(deployment["status"]!["readyReplicas"]).Should().Be(replicas, $"{name} is rolled out after one PodReadyDelay");
        SandboxApi.Long(deployment["status"]!["observedGeneration"]).Should().Be(SandboxApi.Generation(deployment));
    }

    private async Task<bool> RolledOutAsync(string name, string image)
    {
        var deployment = await SandboxApi.GetAsync(Client, Deployments + "/" + name, Ct);
        var replicas = SandboxApi.Long(deployment["spec"]!["replicas"]);
        var pods = await PodsAsync(name);
        return SandboxApi.Long(deployment["status"]!["readyReplicas"]) == replicas
            && pods.Count == replicas
            && pods.All(p => Describe(p) == image + " Running");
    }

    private async Task<List<JsonNode>> PodsAsync(string app)
    {
        var pods = await SandboxApi.GetAsync(Client, $"/api/v1/namespaces/demo/pods?labelSelector=app%3D{app}", Ct);
        return pods["items"]!.AsArray().Select(p => p!).ToList();
    }

    private async Task<List<string>> PodPhasesAsync(string app) =>
        (await PodsAsync(app)).Select(p => p["status"]!["phase"]!.GetValue<string>()).ToList();

    private static string Describe(JsonNode pod) =>
        pod["spec"]!["containers"]![0]!["image"]!.GetValue<string>() + " " + pod["status"]!["phase"]!.GetValue<string>();
}
