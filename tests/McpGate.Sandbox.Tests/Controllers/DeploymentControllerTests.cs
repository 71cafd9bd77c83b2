using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Controllers;

public sealed class DeploymentControllerTests : IClassFixture<SandboxFixture>
{
    private const string Deployments = SandboxApi.DeploymentsPath;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);
    private readonly SandboxFixture _fixture;

    public DeploymentControllerTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Scale_From2To5_BringsReadyReplicasTo5()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = _fixture.CreateHttpClient();
        await SandboxApi.CreateDeploymentAsync(client, "grow", 2, cancellation.Token);
        await WaitForReadyAsync(client, "grow", 2, cancellation.Token);

        var (status, _) = await SandboxApi.MergePatchAsync(client, Deployments + "/grow/scale",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 5 } }, cancellation.Token);
        var justAfter = await SandboxApi.GetAsync(client, Deployments + "/grow", cancellation.Token);

        status.Should().Be(HttpStatusCode.OK);
        SandboxApi.Long(justAfter["status"]!["readyReplicas"]).Should().BeLessThan(5);
        var final = await WaitForReadyAsync(client, "grow", 5, cancellation.Token);
        var statusBlock = final["status"]!;
        SandboxApi.Long(statusBlock["replicas"]).Should().Be(5);
        SandboxApi.Long(statusBlock["updatedReplicas"]).Should().Be(5);
        SandboxApi.Long(statusBlock["availableReplicas"]).Should().Be(5);
        SandboxApi.Long(statusBlock["observedGeneration"]).Should().Be(SandboxApi.Generation(final));
        statusBlock["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).Should().Contain(["Available", "Progressing"]);
        var pods = await SandboxApi.GetAsync(client, "/api/v1/namespaces/demo/pods?labelSelector=app%3Dgrow", cancellation.Token);
        pods["items"]!.AsArray().Should().HaveCount(5)
            .And.OnlyContain(p => p!["status"]!["phase"]!.GetValue<string>() == "Running");
    }

    [Fact]
    public async Task Scale_Down_RemovesPodsPromptly()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = _fixture.CreateHttpClient();
        await SandboxApi.CreateDeploymentAsync(client, "shrink", 3, cancellation.Token);
        await WaitForReadyAsync(client, "shrink", 3, cancellation.Token);

        await SandboxApi.MergePatchAsync(client, Deployments + "/shrink", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } }, cancellation.Token);

        await SandboxApi.WaitUntilAsync(async () =>
        {
            var pods = await SandboxApi.GetAsync(client, "/api/v1/namespaces/demo/pods?labelSelector=app%3Dshrink", cancellation.Token);
            return pods["items"]!.AsArray().Count == 1;
        }, TimeSpan.FromSeconds(5), "only one shrink pod is left", cancellation.Token);
        await WaitForReadyAsync(client, "shrink", 1, cancellation.Token);
    }

    [Fact]
    public async Task Delete_Deployment_RemovesItsPods()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = _fixture.CreateHttpClient();
        await SandboxApi.CreateDeploymentAsync(client, "gone", 2, cancellation.Token);
        await WaitForReadyAsync(client, "gone", 2, cancellation.Token);

        await SandboxApi.SendAsync(client, HttpMethod.Delete, Deployments + "/gone", cancellationToken: cancellation.Token);

        await SandboxApi.WaitUntilAsync(async () =>
        {
            var pods = await SandboxApi.GetAsync(client, "/api/v1/namespaces/demo/pods?labelSelector=app%3Dgone", cancellation.Token);
            return pods["items"]!.AsArray().Count == 0;
        }, s_timeout, "the pods of a deleted deployment are gone", cancellation.Token);
    }

    [Fact]
    public async Task Update_Image_RollsPodsToNewTemplate()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = _fixture.CreateHttpClient();
        await SandboxApi.CreateDeploymentAsync(client, "roll", 2, cancellation.Token);
        await WaitForReadyAsync(client, "roll", 2, cancellation.Token);
        var patch = JsonNode.Parse("""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.28"}]""");

        await SandboxApi.SendAsync(client, HttpMethod.Patch, Deployments + "/roll", patch, "application/json-patch+json", cancellation.Token);

        await SandboxApi.WaitUntilAsync(async () =>
        {
            var pods = await SandboxApi.GetAsync(client, "/api/v1/namespaces/demo/pods?labelSelector=app%3Droll", cancellation.Token);
            var items = pods["items"]!.AsArray();
            return items.Count == 2 && items.All(p => p!["spec"]!["containers"]![0]!["image"]!.GetValue<string>() == "nginx:1.28"
                && p["status"]!["phase"]!.GetValue<string>() == "Running");
        }, s_timeout, "both roll pods run the new image", cancellation.Token);
    }

    private static async Task<JsonObject> WaitForReadyAsync(HttpClient client, string name, int replicas, CancellationToken cancellationToken)
    {
        JsonObject latest = [];
        await SandboxApi.WaitUntilAsync(async () =>
        {
            latest = await SandboxApi.GetAsync(client, Deployments + "/" + name, cancellationToken);
            var status = latest["status"];
            return SandboxApi.Long(status?["readyReplicas"]) == replicas
                && SandboxApi.Long(status?["replicas"]) == replicas
                && SandboxApi.Long(status?["observedGeneration"]) == SandboxApi.Generation(latest);
        }, s_timeout, $"{name} has {replicas} ready replicas", cancellationToken);
        return latest;
    }
}
