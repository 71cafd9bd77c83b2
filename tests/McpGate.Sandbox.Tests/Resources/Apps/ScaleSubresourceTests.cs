using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Resources.Apps;

public sealed class ScaleSubresourceTests : IClassFixture<SandboxFixture>
{
    private const string Deployments = SandboxApi.DeploymentsPath;
    private readonly SandboxFixture _fixture;

    public ScaleSubresourceTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Get_Scale_ReturnsAutoscalingScale()
    {
        using var client = _fixture.CreateHttpClient();

        var scale = await SandboxApi.GetAsync(client, Deployments + "/api/scale");
        var deployment = await SandboxApi.GetAsync(client, Deployments + "/api");

        scale["kind"]!.GetValue<string>().Should().Be("Scale");
        scale["apiVersion"]!.GetValue<string>().Should().Be("autoscaling/v1");
        SandboxApi.Long(scale["spec"]!["replicas"]).Should().Be(3);
        scale["status"]!["selector"]!.GetValue<string>().Should().Be("app=api");
        SandboxApi.ResourceVersion(scale).Should().Be(SandboxApi.ResourceVersion(deployment));
    }

    [Fact]
    public async Task Patch_Scale_ChangesReplicasAndGeneration()
    {
        using var client = _fixture.CreateHttpClient();
        var before = await SandboxApi.CreateDeploymentAsync(client, "scaled", 1);

        var (status, scale) = await SandboxApi.MergePatchAsync(client, Deployments + "/scaled/scale",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 2 } });
        var after = await SandboxApi.GetAsync(client, Deployments + "/scaled");

        status.Should().Be(HttpStatusCode.OK);
        SandboxApi.Long(scale["spec"]!["replicas"]).Should().Be(2);
        SandboxApi.Long(after["spec"]!["replicas"]).Should().Be(2);
        SandboxApi.Generation(after).Should().Be(SandboxApi.Generation(before) + 1);
    }

    [Fact]
    public async Task Put_ScaleWithStaleResourceVersion_Returns409()
    {
        using var client = _fixture.CreateHttpClient();
        await SandboxApi.CreateDeploymentAsync(client, "scaled-stale", 0);
        var scale = await SandboxApi.GetAsync(client, Deployments + "/scaled-stale/scale");
        await SandboxApi.MergePatchAsync(client, Deployments + "/scaled-stale", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["touched"] = "yes" } } });
        scale["spec"]!["replicas"] = 1;

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Put, Deployments + "/scaled-stale/scale", scale);

        status.Should().Be(HttpStatusCode.Conflict);
        body["reason"]!.GetValue<string>().Should().Be("Conflict");
    }

    [Fact]
    public async Task Patch_ScaleNegative_Returns422()
    {
        using var client = _fixture.CreateHttpClient();

        var (status, body) = await SandboxApi.MergePatchAsync(client, Deployments + "/web/scale",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = -1 } });

        status.Should().Be((HttpStatusCode)422);
        body["message"]!.GetValue<string>().Should().Be(
            "Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    }
}
