using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Sandbox;

namespace McpGate.Kubernetes.Tests.Api;

/// <summary>The client against the embedded sandbox API server over real HTTP.</summary>
public sealed class KubeApiClientSandboxTests : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxFixture _sandbox;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly KubeApiClient _client;

    public KubeApiClientSandboxTests(SandboxFixture sandbox)
    {
        _sandbox = sandbox;
        _client = new KubeApiClient(Endpoint(sandbox.Cluster.Token));
    }

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _client.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task GetAsync_SeededDeployment_ReturnsObject()
    {
        var api = await _client.GetAsync(TestDeployments.Named("api"), Ct);

        api["kind"]!.GetValue<string>().Should().Be("Deployment");
        api["metadata"]!["name"]!.GetValue<string>().Should().Be("api");
        TestDeployments.ResourceVersion(api).Should().NotBeEmpty();
    }

    [Fact]
    public async Task GetAsync_MissingObject_ThrowsNotFound()
    {
        var act = () => _client.GetAsync(TestDeployments.Named("nope"), Ct);

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeApiReason.NotFound);
        error.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        error.Message.Should().Contain("/apis/apps/v1/namespaces/demo/deployments/nope");
    }

    [Fact]
    public async Task GetAsync_WrongToken_ThrowsUnauthorized()
    {
        using var client = new KubeApiClient(Endpoint("not-the-token"));

        var act = () => client.GetAsync(TestDeployments.Named("web"), Ct);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.Unauthorized);
    }

    [Fact]
    public async Task ListAsync_LabelSelector_FiltersItems()
    {
        var list = await _client.ListAsync(TestDeployments.Collection, new KubeListOptions { LabelSelector = "app=web" }, Ct);

        var names = list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>());
        names.Should().Equal("web");
    }

    [Fact]
    public async Task ListAsync_CoreGroupPods_UsesApiV1()
    {
        var pods = new ResourceRef { Group = "", Version = "v1", Resource = "pods", Namespace = "demo" };

        var list = await _client.ListAsync(pods, new KubeListOptions { LabelSelector = "app=api" }, Ct);

        list["items"]!.AsArray().Should().NotBeEmpty();
    }

    [Fact]
    public async Task CreateAsync_ExistingName_ThrowsAlreadyExists()
    {
        var name = TestDeployments.UniqueName("dup");
        await _client.CreateAsync(TestDeployments.Collection, TestDeployments.Body(name, 1), cancellationToken: Ct);

        var act = () => _client.CreateAsync(TestDeployments.Collection, TestDeployments.Body(name, 1), cancellationToken: Ct);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.AlreadyExists);
    }

    [Fact]
    public async Task CreateAsync_DryRun_PersistsNothing()
    {
        var name = TestDeployments.UniqueName("dry");

        var created = await _client.CreateAsync(TestDeployments.Collection, TestDeployments.Body(name, 1), dryRun: true, Ct);

        created["metadata"]!["name"]!.GetValue<string>().Should().Be(name);
        var act = () => _client.GetAsync(TestDeployments.Named(name), Ct);
        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.NotFound);
    }

    [Fact]
    public async Task PatchAsync_MergePatch_UpdatesObject()
    {
        var target = await CreateAsync("patch", 1);

        var patched = await _client.PatchAsync(target, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } }, cancellationToken: Ct);

        TestDeployments.Replicas(patched).Should().Be(4);
        TestDeployments.Replicas(await _client.GetAsync(target, Ct)).Should().Be(4);
    }

    [Fact]
    public async Task PatchAsync_DryRun_PersistsNothing()
    {
        var target = await CreateAsync("drypatch", 1);

        var preview = await _client.PatchAsync(target, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 5 } }, dryRun: true, cancellationToken: Ct);

        TestDeployments.Replicas(preview).Should().Be(5);
        TestDeployments.Replicas(await _client.GetAsync(target, Ct)).Should().Be(1);
    }

    [Fact]
    public async Task ReplaceAsync_StaleResourceVersion_ThrowsConflict()
    {
        var target = await CreateAsync("replace", 1);
        var original = await _client.GetAsync(target, Ct);
        await _client.PatchAsync(target, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 2 } }, cancellationToken: Ct);

        var act = () => _client.ReplaceAsync(target, original, cancellationToken: Ct);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.Conflict);
    }

    [Fact]
    public async Task DeleteAsync_StalePrecondition_ThrowsConflictThenCurrentOneDeletes()
    {
        var target = await CreateAsync("delete", 1);
        // Once the controllers have settled, nothing but this test moves the resourceVersion.
        await _sandbox.WaitForSettledAsync(Ct);
        var current = await _client.GetAsync(target, Ct);

        var stale = () => _client.DeleteAsync(target, new KubeDeletePreconditions { ResourceVersion = "1" }, cancellationToken: Ct);
        (await stale.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.Conflict);

        await _client.DeleteAsync(target, new KubeDeletePreconditions
        {
            Uid = current["metadata"]!["uid"]!.GetValue<string>(),
            ResourceVersion = TestDeployments.ResourceVersion(current),
        }, cancellationToken: Ct);
        var gone = () => _client.GetAsync(target, Ct);
        (await gone.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.NotFound);
    }

    [Fact]
    public async Task PatchScaleAsync_Replicas_ChangesScaleAndDeployment()
    {
        var target = await CreateAsync("scale", 1);

        await _client.PatchScaleAsync(target, 3, cancellationToken: Ct);

        var scale = await _client.GetScaleAsync(target, Ct);
        scale["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
        TestDeployments.Replicas(await _client.GetAsync(target, Ct)).Should().Be(3);
    }

    [Fact]
    public async Task PatchAsync_NegativeReplicas_ThrowsInvalid()
    {
        var target = await CreateAsync("invalid", 1);

        var act = () => _client.PatchAsync(target, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = -1 } }, cancellationToken: Ct);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeApiReason.Invalid);
    }

    private async Task<ResourceRef> CreateAsync(string prefix, int replicas)
    {
        var name = TestDeployments.UniqueName(prefix);
        await _client.CreateAsync(TestDeployments.Collection, TestDeployments.Body(name, replicas), cancellationToken: Ct);
        return TestDeployments.Named(name);
    }

    private KubeEndpoint Endpoint(string token) =>
        new() { ContextName = "sandbox", Server = _sandbox.Cluster.BaseAddress, Token = token, Namespace = "demo" };
}
