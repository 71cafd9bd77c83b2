using System.Net;
using System.Text.Json.Nodes;
using McpGate.Testing.Sandbox;

namespace McpGate.Sandbox.Tests.Api;

/// <summary>Deletion with finalizers as the API server does it: marked, kept, then gone when the last finalizer is removed.</summary>
public sealed class ResourceEndpointFinalizerTests : IClassFixture<SandboxFixture>
{
    private const string Deployments = SandboxApi.DeploymentsPath;
    private const string ConfigMaps = "/api/v1/namespaces/demo/configmaps";
    private readonly SandboxFixture _fixture;

    public ResourceEndpointFinalizerTests(SandboxFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task DeleteForeground_Returns200WithTheObjectMarkedThenTheGarbageCollectorFinishesIt()
    {
        using var client = _fixture.CreateHttpClient();
        var created = await SandboxApi.CreateDeploymentAsync(client, "fg-marked", 1);
        await _fixture.WaitForSettledAsync();

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Delete, Deployments + "/fg-marked", new JsonObject { ["propagationPolicy"] = "Foreground" });

        status.Should().Be(HttpStatusCode.OK);
        body["kind"]!.GetValue<string>().Should().Be("Deployment");
        body["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        body["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>().Should().Be(0);
        body["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("foregroundDeletion");
        SandboxApi.Generation(body).Should().Be(SandboxApi.Generation(created) + 1, "marking an object for deletion bumps its generation");
        await _fixture.Cluster.WaitForIdleAsync(SandboxFixture.QuietTimeout);
        (await SandboxApi.SendAsync(client, HttpMethod.Get, Deployments + "/fg-marked")).Status.Should().Be(HttpStatusCode.NotFound);
        var replicaSets = await SandboxApi.GetAsync(client, "/apis/apps/v1/namespaces/demo/replicasets");
        replicaSets["items"]!.AsArray().Should().NotContain(rs => rs!["metadata"]!["name"]!.GetValue<string>().StartsWith("fg-marked-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_ObjectWithFinalizer_StaysMarkedUntilTheLastFinalizerIsRemoved()
    {
        using var client = _fixture.CreateHttpClient();
        await CreateConfigMapAsync(client, "held", "example.com/a", "example.com/b");

        var (first, marked) = await SandboxApi.SendAsync(client, HttpMethod.Delete, ConfigMaps + "/held");
        var (again, remarked) = await SandboxApi.SendAsync(client, HttpMethod.Delete, ConfigMaps + "/held");
        var (_, oneLeft) = await SandboxApi.MergePatchAsync(client, ConfigMaps + "/held", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("example.com/b") } });
        var stillThere = await SandboxApi.GetAsync(client, ConfigMaps + "/held");
        var (lastStatus, _) = await SandboxApi.MergePatchAsync(client, ConfigMaps + "/held", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } });
        var (gone, _) = await SandboxApi.SendAsync(client, HttpMethod.Get, ConfigMaps + "/held");

        first.Should().Be(HttpStatusCode.OK);
        marked["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        again.Should().Be(HttpStatusCode.OK);
        SandboxApi.ResourceVersion(remarked).Should().Be(SandboxApi.ResourceVersion(marked), "a second delete of a marked object changes nothing");
        oneLeft["metadata"]!["deletionTimestamp"]!.GetValue<string>().Should().Be(marked["metadata"]!["deletionTimestamp"]!.GetValue<string>());
        stillThere["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("example.com/b");
        lastStatus.Should().Be(HttpStatusCode.OK);
        gone.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_NewFinalizerOnObjectBeingDeleted_Is422AndChangesNothing()
    {
        using var client = _fixture.CreateHttpClient();
        await CreateConfigMapAsync(client, "no-new", "example.com/a");
        var (_, marked) = await SandboxApi.SendAsync(client, HttpMethod.Delete, ConfigMaps + "/no-new");

        var (status, body) = await SandboxApi.MergePatchAsync(
            client, ConfigMaps + "/no-new", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("example.com/a", "example.com/late") } });

        status.Should().Be(HttpStatusCode.UnprocessableEntity);
        body["details"]!["causes"]![0]!["field"]!.GetValue<string>().Should().Be("metadata.finalizers");
        body["message"]!.GetValue<string>().Should().Contain("no new finalizers can be added if the object is being deleted");
        SandboxApi.ResourceVersion(await SandboxApi.GetAsync(client, ConfigMaps + "/no-new")).Should().Be(SandboxApi.ResourceVersion(marked));
    }

    [Fact]
    public async Task DeleteDryRun_Foreground_ReturnsTheMarkedObjectAndStoresNothing()
    {
        using var client = _fixture.CreateHttpClient();
        var created = await CreateConfigMapAsync(client, "dry-fg");

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Delete, ConfigMaps + "/dry-fg?dryRun=All", new JsonObject { ["propagationPolicy"] = "Foreground" });
        var after = await SandboxApi.GetAsync(client, ConfigMaps + "/dry-fg");

        status.Should().Be(HttpStatusCode.OK);
        body["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        SandboxApi.ResourceVersion(after).Should().Be(SandboxApi.ResourceVersion(created));
        after["metadata"]!["deletionTimestamp"].Should().BeNull();
        after["metadata"]!["finalizers"].Should().BeNull();
    }

    private static async Task<JsonObject> CreateConfigMapAsync(HttpClient client, string name, params string[] finalizers)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (finalizers.Length > 0)
        {
            metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }

        var (status, body) = await SandboxApi.SendAsync(client, HttpMethod.Post, ConfigMaps, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata });
        status.Should().Be(HttpStatusCode.Created);
        return body;
    }
}
