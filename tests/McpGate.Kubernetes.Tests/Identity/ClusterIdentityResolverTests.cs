using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Identity;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Sandbox;

namespace McpGate.Kubernetes.Tests.Identity;

/// <summary>Identity read from real sandboxes over HTTPS.</summary>
public sealed class ClusterIdentityResolverTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private SandboxCluster _a = null!;
    private SandboxCluster _b = null!;

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _a = await SandboxCluster.StartAsync(new SandboxOptions());
        _b = await SandboxCluster.StartAsync(new SandboxOptions());
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Resolve_WithCaBundle_NamesUrlBundleDigestAndKubeSystemUid()
    {
        using var client = new KubeApiClient(Endpoint(_a, "sandbox"));
        var kubeSystem = await client.GetAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "namespaces", Name = "kube-system" }, Ct);

        var identity = await ClusterIdentityResolver.ResolveAsync(client, Ct);

        identity.Server.Should().Be($"https://127.0.0.1:{_a.SecureBaseAddress.Port}");
        identity.CertificateSource.Should().Be(ClusterIdentity.CaBundle);
        identity.CertificateDigest.Should().Be(CertificateSetDigest.OfPemBundle(_a.CertificateAuthorityPem));
        identity.KubeSystemUid.Should().Be(kubeSystem["metadata"]!["uid"]!.GetValue<string>());
        identity.Id.Should().Be("uid:" + identity.KubeSystemUid);
    }

    [Fact]
    public async Task Resolve_TwoSandboxesWithSameContextName_HaveDifferentIdentities()
    {
        using var a = new KubeApiClient(Endpoint(_a, "sandbox"));
        using var b = new KubeApiClient(Endpoint(_b, "sandbox"));

        var first = await ClusterIdentityResolver.ResolveAsync(a, Ct);
        var second = await ClusterIdentityResolver.ResolveAsync(b, Ct);

        second.Id.Should().NotBe(first.Id);
        first.Differences(second).Should().Equal("id", "server", "certificate", "kube-system uid");
    }

    [Theory]
    [InlineData("sandbox", null)]
    [InlineData("prod-east", null)]
    [InlineData("sandbox", "/")]
    [InlineData("renamed", "/")]
    public async Task Resolve_ContextNameOrUrlSpelling_DoesNotChangeTheIdentity(string context, string? suffix)
    {
        using var reference = new KubeApiClient(Endpoint(_a, "sandbox"));
        var server = new Uri($"https://127.0.0.1:{_a.SecureBaseAddress.Port}{suffix}");
        using var other = new KubeApiClient(Endpoint(_a, context) with { Server = server });

        (await ClusterIdentityResolver.ResolveAsync(other, Ct)).Should().Be(await ClusterIdentityResolver.ResolveAsync(reference, Ct));
    }

    [Fact]
    public async Task Resolve_WithoutCaBundle_DigestsTheChainSeenAtTheHandshake()
    {
        using var insecureA = new KubeApiClient(Endpoint(_a, "sandbox") with { CertificateAuthorityPem = null, InsecureSkipTlsVerify = true });
        using var insecureAgain = new KubeApiClient(Endpoint(_a, "sandbox") with { CertificateAuthorityPem = null, InsecureSkipTlsVerify = true });
        using var insecureB = new KubeApiClient(Endpoint(_b, "sandbox") with { CertificateAuthorityPem = null, InsecureSkipTlsVerify = true });

        var a = await ClusterIdentityResolver.ResolveAsync(insecureA, Ct);
        var again = await ClusterIdentityResolver.ResolveAsync(insecureAgain, Ct);
        var b = await ClusterIdentityResolver.ResolveAsync(insecureB, Ct);

        a.CertificateSource.Should().Be(ClusterIdentity.ServerChain);
        a.CertificateDigest.Should().MatchRegex("^sha256:[0-9a-f]{64}$").And.NotBe(CertificateSetDigest.OfPemBundle(_a.CertificateAuthorityPem));
        again.Should().Be(a, "the same server presents the same chain");
        b.CertificateDigest.Should().NotBe(a.CertificateDigest);
    }

    [Fact]
    public async Task Resolve_KubeSystemGone_FallsBackToUrlAndCertificate()
    {
        await using var sandbox = await SandboxCluster.StartAsync(new SandboxOptions());
        using var client = new KubeApiClient(Endpoint(sandbox, "sandbox"));
        var withUid = await ClusterIdentityResolver.ResolveAsync(client, Ct);
        await client.DeleteAsync(new ResourceRef { Group = string.Empty, Version = "v1", Resource = "namespaces", Name = "kube-system" }, cancellationToken: Ct);

        var degraded = await ClusterIdentityResolver.ResolveAsync(client, Ct);

        degraded.KubeSystemUid.Should().BeNull();
        degraded.Id.Should().Be(ClusterIdentity.DeriveId(withUid.Server, withUid.CertificateDigest, null)).And.StartWith("endpoint:");
        degraded.Server.Should().Be(withUid.Server);
    }

    [Fact]
    public async Task Port_ResolvesOnceAndCaches_AndUnreachableServerIsAClusterException()
    {
        using var port = KubernetesClusterPort.FromEndpoint(Endpoint(_a, "sandbox"));
        var first = await port.GetIdentityAsync(Ct);
        var requests = _a.CountRequests("GET", "/api/v1/namespaces/kube-system");

        var again = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => port.GetIdentityAsync(Ct)));

        again.Should().OnlyContain(i => ReferenceEquals(i, first));
        _a.CountRequests("GET", "/api/v1/namespaces/kube-system").Should().Be(requests);

        using var unreachable = KubernetesClusterPort.FromEndpoint(Endpoint(_a, "sandbox") with { Server = new Uri("https://127.0.0.1:1") },
            new KubeApiClientOptions { MaxReadAttempts = 1, ConnectTimeout = TimeSpan.FromSeconds(2) });
        var act = () => unreachable.GetIdentityAsync(Ct);
        (await act.Should().ThrowAsync<ClusterException>()).Which.Message.Should().Contain("sandbox");
    }

    private static KubeEndpoint Endpoint(SandboxCluster sandbox, string context) => new()
    {
        ContextName = context,
        Server = sandbox.SecureBaseAddress,
        CertificateAuthorityPem = sandbox.CertificateAuthorityPem,
        Token = sandbox.Token,
    };
}
