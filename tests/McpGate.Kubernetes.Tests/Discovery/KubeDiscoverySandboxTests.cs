using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Discovery;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Time;

namespace McpGate.Kubernetes.Tests.Discovery;

/// <summary>Discovery against the sandbox's discovery documents; the sandbox counts requests to prove caching.</summary>
public sealed class KubeDiscoverySandboxTests : SandboxClientTest, IClassFixture<KubeSandboxFixture>
{
    public KubeDiscoverySandboxTests(KubeSandboxFixture sandbox)
        : base(sandbox)
    {
    }

    [Theory]
    [InlineData("deploy", "apps", "deployments", true)]
    [InlineData("deployments", "apps", "deployments", true)]
    [InlineData("Deployment", "apps", "deployments", true)]
    [InlineData("deployments.apps", "apps", "deployments", true)]
    [InlineData("po", "", "pods", true)]
    [InlineData("pod", "", "pods", true)]
    [InlineData("ns", "", "namespaces", false)]
    public async Task ResolveAsync_AnyKubectlName_MapsToResource(string name, string group, string resource, bool namespaced)
    {
        using var discovery = new KubeDiscovery(Client);

        var found = await discovery.ResolveAsync(name, Ct);

        found.Group.Should().Be(group);
        found.Resource.Should().Be(resource);
        found.Version.Should().Be("v1");
        found.Namespaced.Should().Be(namespaced);
        found.Verbs.Should().Contain("get");
    }

    [Fact]
    public async Task ResolveAsync_RepeatedLookups_HitTheCache()
    {
        using var discovery = new KubeDiscovery(Client);
        await discovery.ResolveAsync("deploy", Ct);
        var before = Sandbox.Cluster.CountRequests("GET", "/api");

        await discovery.ResolveAsync("po", Ct);
        await discovery.ResolveAsync("deployments", Ct);

        Sandbox.Cluster.CountRequests("GET", "/api").Should().Be(before, "/api and /apis/... are only read once");
    }

    [Fact]
    public async Task ResolveAsync_Miss_RefreshesOnceThenRateLimits()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var discovery = new KubeDiscovery(Client, TimeSpan.FromSeconds(30), clock);
        await discovery.ResolveAsync("deploy", Ct);
        var loaded = Sandbox.Cluster.CountRequests("GET", "/apis");

        clock.Advance(TimeSpan.FromSeconds(31));
        (await discovery.TryResolveAsync("widgets", Ct)).Should().BeNull();
        var afterFirstMiss = Sandbox.Cluster.CountRequests("GET", "/apis");
        (await discovery.TryResolveAsync("widgets", Ct)).Should().BeNull();

        afterFirstMiss.Should().BeGreaterThan(loaded, "a miss refreshes discovery (a CRD may have been installed)");
        Sandbox.Cluster.CountRequests("GET", "/apis").Should().Be(afterFirstMiss, "a second miss within 30 s does not");
    }

    [Fact]
    public async Task ResolveAsync_ConcurrentFirstUse_LoadsOnce()
    {
        using var discovery = new KubeDiscovery(Client);
        Sandbox.Cluster.ResetRequestCounts();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => discovery.ResolveAsync("deploy", Ct)));

        Sandbox.Cluster.CountRequests("GET", "/apis/apps").Should().Be(1);
    }

    [Fact]
    public async Task ResolveAsync_Unknown_ThrowsNotFoundNamingTheName()
    {
        using var discovery = new KubeDiscovery(Client);

        var act = () => discovery.ResolveAsync("frobnicators", Ct);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Message.Should().Contain("'frobnicators'").And.Contain("cluster 'sandbox'");
    }

    [Fact]
    public async Task ToRef_ClusterScoped_DropsNamespace()
    {
        using var discovery = new KubeDiscovery(Client);

        var ns = await discovery.ResolveAsync("namespace", Ct);

        ns.ToRef("demo", "demo").Namespace.Should().BeNull();
        (await Client.GetAsync(ns.ToRef("ignored", "demo"), Ct))["kind"]!.GetValue<string>().Should().Be("Namespace");
    }
}
