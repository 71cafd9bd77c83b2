using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Http;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;
using McpGate.Testing.Files;

using McpGate.Testing.Time;

namespace McpGate.Kubernetes.Tests.Http;

/// <summary>TLS trust, server name and client certificates over a real HTTPS socket.</summary>
public sealed class KubeHttpHandlerFactoryTests : IDisposable
{
    private static readonly ResourceRef s_web = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };
    private static readonly KubeApiClientOptions s_noRetry = new() { MaxReadAttempts = 1, Timeout = TimeSpan.FromSeconds(10) };

    private readonly TestCertificates _ca = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        _ca.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Send_ClusterCaAndTlsServerName_TrustsServer()
    {
        using var serverCertificate = _ca.IssueServer("kube.test");
        await using var server = new ScriptedHttpServer(serverCertificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server) with { CertificateAuthorityPem = _ca.AuthorityPem, TlsServerName = "kube.test" }, s_noRetry);

        var web = await client.GetAsync(s_web, _timeout.Token);

        web["metadata"]!["name"]!.GetValue<string>().Should().Be("web");
    }

    [Fact]
    public async Task Send_NoClusterCa_RejectsUntrustedServer()
    {
        using var serverCertificate = _ca.IssueServer("kube.test");
        await using var server = new ScriptedHttpServer(serverCertificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server) with { TlsServerName = "kube.test" }, s_noRetry);

        var act = () => client.GetAsync(s_web, _timeout.Token);

        (await act.Should().ThrowAsync<ServerCertificateRejectedException>())
            .WithMessage("*was not accepted: it was issued by CN=mcpgate-test-ca, and its chain does not reach a CA this machine trusts*");
    }

    [Fact]
    public async Task Send_OtherCa_RejectsServer()
    {
        using var other = new TestCertificates("CN=other-ca");
        using var serverCertificate = _ca.IssueServer("kube.test");
        await using var server = new ScriptedHttpServer(serverCertificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server) with { CertificateAuthorityPem = other.AuthorityPem, TlsServerName = "kube.test" }, s_noRetry);

        var act = () => client.GetAsync(s_web, _timeout.Token);

        (await act.Should().ThrowAsync<ServerCertificateRejectedException>())
            .WithMessage("*was not accepted: it was issued by CN=mcpgate-test-ca, and its chain does not reach the kubeconfig's certificate-authority*");
    }

    [Fact]
    public async Task Send_NameMismatch_RejectsServer()
    {
        using var serverCertificate = _ca.IssueServer("kube.test");
        await using var server = new ScriptedHttpServer(serverCertificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server) with { CertificateAuthorityPem = _ca.AuthorityPem }, s_noRetry);

        var act = () => client.GetAsync(s_web, _timeout.Token);

        (await act.Should().ThrowAsync<ServerCertificateRejectedException>())
            .WithMessage("*was not accepted: it is valid for kube.test, not 127.0.0.1");
    }

    [Fact]
    public async Task Send_InsecureSkipTlsVerify_AcceptsAnyServer()
    {
        using var serverCertificate = _ca.IssueServer("kube.test");
        await using var server = new ScriptedHttpServer(serverCertificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server) with { InsecureSkipTlsVerify = true }, s_noRetry);

        await client.GetAsync(s_web, _timeout.Token);

        server.RequestLines.Should().ContainSingle();
    }

    [Fact]
    public async Task Send_ClientCertificate_IsPresented()
    {
        using var serverCertificate = _ca.IssueServer("kube.test");
        var (certificatePem, keyPem) = _ca.IssueClientPem("alice");
        await using var server = new ScriptedHttpServer(serverCertificate, ScriptedResponse.Ok());
        var endpoint = Endpoint(server) with
        {
            Token = null,
            CertificateAuthorityPem = _ca.AuthorityPem,
            TlsServerName = "kube.test",
            ClientCertificatePem = certificatePem,
            ClientKeyPem = keyPem,
        };
        using var client = new KubeApiClient(endpoint, s_noRetry);

        await client.GetAsync(s_web, _timeout.Token);

        server.ClientCertificateSubjects.Should().ContainSingle().Which.Should().Be("CN=alice");
        server.RequestHeaders.Single().Should().NotContain("Authorization");
    }

    [Fact]
    public async Task Send_TokenFile_IsReReadEveryMinute()
    {
        using var dir = new TempDirectory();
        var tokenFile = dir.Write("token", "first\n");
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new ScriptedHttpServer(ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server) with { Token = null, TokenFile = tokenFile }, s_noRetry with { TimeProvider = clock });

        await client.GetAsync(s_web, _timeout.Token);
        await File.WriteAllTextAsync(tokenFile, "second", _timeout.Token);
        await client.GetAsync(s_web, _timeout.Token);
        clock.Advance(TimeSpan.FromSeconds(61));
        await client.GetAsync(s_web, _timeout.Token);

        server.RequestHeaders.Select(h => h.Split("\r\n").Single(l => l.StartsWith("Authorization:", StringComparison.Ordinal)))
            .Should().Equal("Authorization: Bearer first", "Authorization: Bearer first", "Authorization: Bearer second");
    }

    private static KubeEndpoint Endpoint(ScriptedHttpServer server) =>
        new() { ContextName = "tls", Server = server.BaseAddress, Token = "t" };
}
