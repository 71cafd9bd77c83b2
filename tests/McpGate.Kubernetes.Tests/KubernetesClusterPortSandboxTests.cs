using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Probes;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Sandbox;
using McpGate.Testing.Files;

namespace McpGate.Kubernetes.Tests;

/// <summary>The engine's port, built from a kubeconfig the sandbox wrote, over real HTTP.</summary>
public sealed class KubernetesClusterPortSandboxTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly SandboxFixture _sandbox;
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private KubernetesClusterPort _port = null!;

    public KubernetesClusterPortSandboxTests(SandboxFixture sandbox) => _sandbox = sandbox;

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        var path = Path.Combine(_dir.Path, "config");
        await _sandbox.Cluster.WriteKubeconfigAsync(path, "sandbox-test", Ct);
        _port = KubernetesClusterPort.FromKubeconfig(path, context: null);
    }

    public async Task DisposeAsync()
    {
        await _port.DisposeAsync();
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void FromKubeconfig_CurrentContext_NamesCluster()
    {
        _port.ClusterName.Should().Be("sandbox-test");
        _port.DefaultNamespace.Should().Be("demo");
        _port.Client.Endpoint.Server.Scheme.Should().Be("https", "the sandbox kubeconfig points at its TLS endpoint, trusted through certificate-authority-data");
        _port.Client.Endpoint.CertificateAuthorityPem.Should().NotBeNull();
    }

    [Fact]
    public async Task GetAsync_SeededDeployment_ReturnsObject()
    {
        var web = await _port.GetAsync(TestDeployments.Named("web"), Ct);

        web.Should().NotBeNull();
        web!["metadata"]!["labels"]!["app"]!.GetValue<string>().Should().Be("web");
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull() =>
        (await _port.GetAsync(TestDeployments.Named("absent"), Ct)).Should().BeNull();

    [Fact]
    public async Task ListAsync_LabelSelector_ReturnsMatchingItems()
    {
        var list = await _port.ListAsync(TestDeployments.Collection, "app=api", Ct);

        list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).Should().Equal("api");
    }

    [Fact]
    public async Task PatchAsync_CurrentResourceVersion_Applies()
    {
        var target = await CreateAsync("port-patch");
        var before = (await _port.GetAsync(target, Ct))!;

        var after = await _port.PatchAsync(target, ReplicasPatch(3), TestDeployments.ResourceVersion(before), dryRun: false, Ct);

        TestDeployments.Replicas(after).Should().Be(3);
        TestDeployments.ResourceVersion(after).Should().NotBe(TestDeployments.ResourceVersion(before));
        TestDeployments.Replicas((await _port.GetAsync(target, Ct))!).Should().Be(3);
    }

    [Fact]
    public async Task PatchAsync_DryRun_PersistsNothing()
    {
        var target = await CreateAsync("port-dry");
        var before = (await _port.GetAsync(target, Ct))!;

        var preview = await _port.PatchAsync(target, ReplicasPatch(6), TestDeployments.ResourceVersion(before), dryRun: true, Ct);

        TestDeployments.Replicas(preview).Should().Be(6);
        var now = (await _port.GetAsync(target, Ct))!;
        TestDeployments.Replicas(now).Should().Be(1);
        TestDeployments.ResourceVersion(now).Should().Be(TestDeployments.ResourceVersion(before));
    }

    [Fact]
    public async Task PatchAsync_StaleResourceVersion_ThrowsConflict()
    {
        var target = await CreateAsync("port-stale");
        var before = (await _port.GetAsync(target, Ct))!;
        await _port.PatchAsync(target, ReplicasPatch(2), null, dryRun: false, Ct);

        var act = () => _port.PatchAsync(target, ReplicasPatch(5), TestDeployments.ResourceVersion(before), dryRun: false, Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.Conflict);
        error.StatusCode.Should().Be(409);
        error.Message.Should().Contain("re-prove and re-approve").And.Contain("sandbox-test");
        TestDeployments.Replicas((await _port.GetAsync(target, Ct))!).Should().Be(2);
    }

    [Fact]
    public async Task PatchAsync_MissingObject_ThrowsNotFound()
    {
        var act = () => _port.PatchAsync(TestDeployments.Named("ghost"), ReplicasPatch(1), null, dryRun: false, Ct);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.NotFound);
    }

    [Fact]
    public async Task GetAsync_WrongToken_ThrowsUnauthorized()
    {
        var configuration = KubeConfigLoader.Parse(
            _sandbox.Cluster.CreateKubeconfig("bad").Replace(_sandbox.Cluster.Token, "wrong-token", StringComparison.Ordinal),
            "memory",
            _dir.Path);
        await using var port = KubernetesClusterPort.FromConfiguration(configuration, "bad");

        var act = () => port.GetAsync(TestDeployments.Named("web"), Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.Unauthorized);
        error.Message.Should().NotContain("wrong-token");
    }

    [Fact]
    public async Task GetAsync_ServerDown_ThrowsUnavailable()
    {
        var endpoint = KubeConfigLoader.Parse(_sandbox.Cluster.CreateKubeconfig("down"), "memory", _dir.Path).Resolve("down")
            with
        { Server = new Uri("http://127.0.0.1:1") };
        await using var port = KubernetesClusterPort.FromEndpoint(endpoint, new Kubernetes.Api.KubeApiClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

        var act = () => port.GetAsync(TestDeployments.Named("web"), Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.Unavailable);
        error.StatusCode.Should().BeNull();
        error.Message.Should().Contain("could not be reached");
    }

    [Fact]
    public async Task GetAsync_KubeconfigCaOfAnotherCluster_SaysTheCertificateWasNotAccepted_AndWhy()
    {
        // The commonest first-hour mistake: a kubeconfig whose certificate-authority is another cluster's.
        using var other = new TestCertificates("CN=another-cluster-ca");
        var endpoint = KubeConfigLoader.Parse(_sandbox.Cluster.CreateKubeconfig("elsewhere"), "memory", _dir.Path).Resolve("elsewhere")
            with
        { CertificateAuthorityPem = other.AuthorityPem };
        await using var port = KubernetesClusterPort.FromEndpoint(endpoint, new Kubernetes.Api.KubeApiClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

        var act = () => port.GetAsync(TestDeployments.Named("web"), Ct);

        var error = (await act.Should().ThrowAsync<ClusterException>()).Which;
        error.Kind.Should().Be(ClusterErrorKind.Unavailable);
        error.Message.Should().Contain("was not accepted: it was issued by CN=mcpgate-sandbox-ca, and its chain does not reach the kubeconfig's certificate-authority")
            .And.Contain("check the server address, certificate-authority and tls-server-name")
            .And.NotContain("see inner exception")
            .And.NotContain("could not be reached", "the server was reached; its certificate is what failed");
    }

    /// <summary>
    /// Creates a deployment and waits until the sandbox's controllers have settled (rollout complete,
    /// no status write pending), so tests that hold a resourceVersion do not race status updates.
    /// </summary>
    private async Task<ResourceRef> CreateAsync(string prefix)
    {
        var name = TestDeployments.UniqueName(prefix);
        await _port.Client.CreateAsync(TestDeployments.Collection, TestDeployments.Body(name, 1), cancellationToken: Ct);
        await _sandbox.WaitForSettledAsync(Ct);
        var target = TestDeployments.Named(name);
        DeploymentRollout.Judge((await _port.GetAsync(target, Ct))!).Status.Should().Be(ProbeStatus.Done);
        return target;
    }

    private static JsonObject ReplicasPatch(int replicas) => new() { ["spec"] = new JsonObject { ["replicas"] = replicas } };
}
