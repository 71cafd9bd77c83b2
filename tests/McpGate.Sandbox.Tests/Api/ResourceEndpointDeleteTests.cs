using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Api;

public sealed class ResourceEndpointDeleteTests : IClassFixture<SandboxFixture>
{
    private const string Deployments = SandboxApi.DeploymentsPath;
    private readonly SandboxFixture _fixture;

    public ResourceEndpointDeleteTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Delete_WithStalePrecondition_Returns409AndKeepsObject()
    {
        using var client = _fixture.CreateHttpClient();
        var created = await SandboxApi.CreateDeploymentAsync(client, "keep-me", 0);
        var options = new JsonObject
        {
            ["kind"] = "DeleteOptions",
            ["apiVersion"] = "v1",
            ["preconditions"] = new JsonObject { ["resourceVersion"] = "1" },
        };

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Delete, Deployments + "/keep-me", options);
        var (getStatus, _) = await SandboxApi.SendAsync(client, HttpMethod.Get, Deployments + "/keep-me");

        status.Should().Be(HttpStatusCode.Conflict);
        body["reason"]!.GetValue<string>().Should().Be("Conflict");
        body["message"]!.GetValue<string>().Should().Contain("Precondition failed: ResourceVersion in precondition: 1");
        getStatus.Should().Be(HttpStatusCode.OK);
        created["metadata"]!["uid"].Should().NotBeNull();
    }

    [Fact]
    public async Task Delete_WithMatchingPrecondition_RemovesObject()
    {
        using var client = _fixture.CreateHttpClient();
        var ns = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "scratch" } };
        var (_, created) = await SandboxApi.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces", ns);
        var options = new JsonObject
        {
            ["preconditions"] = new JsonObject
            {
                ["uid"] = created["metadata"]!["uid"]!.GetValue<string>(),
                ["resourceVersion"] = SandboxApi.ResourceVersion(created),
            },
        };

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Delete, "/api/v1/namespaces/scratch", options);
        var (getStatus, _) = await SandboxApi.SendAsync(client, HttpMethod.Get, "/api/v1/namespaces/scratch");

        status.Should().Be(HttpStatusCode.OK);
        body["status"]!.GetValue<string>().Should().Be("Success");
        getStatus.Should().Be(HttpStatusCode.NotFound);
    }
}
