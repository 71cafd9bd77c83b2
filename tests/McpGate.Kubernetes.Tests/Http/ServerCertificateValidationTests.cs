using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Http;

/// <summary>What a server certificate must be to pass when the kubeconfig names a cluster CA: Go's rules.</summary>
public sealed class ServerCertificateValidationTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private static readonly KubeApiClientOptions s_noRetry = new() { MaxReadAttempts = 1, Timeout = TimeSpan.FromSeconds(10) };

    private readonly TestCertificates _ca = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public static TheoryData<string, string?, string?, string?> Rejected => new()
    {
        // subject, SAN DNS name, EKU, tls-server-name
        { "CN=kube.test", null, ClientAuth, "kube.test" },
        { "CN=127.0.0.1", null, ClientAuth, null },
        { "CN=x", "kube.test", ClientAuth, "kube.test" },
        { "CN=kube.test", null, ServerAuth, "kube.test" },
        { "CN=127.0.0.1", null, ServerAuth, null },
    };

    public void Dispose()
    {
        _ca.Dispose();
        _timeout.Dispose();
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task Send_CertificateNotForServerAuthOrNameOnlyInCommonName_RejectsServer(string subject, string? dnsName, string? usage, string? tlsServerName)
    {
        using var certificate = _ca.IssueLeaf(subject, dnsName, usage);
        await using var server = new ScriptedHttpServer(certificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server, _ca.AuthorityPem, tlsServerName), s_noRetry);

        var act = () => client.GetPathAsync("/version", _timeout.Token);

        await act.Should().ThrowAsync<HttpRequestException>();
        server.RequestLines.Where(line => line.Length > 0).Should().BeEmpty("no request may be sent to a server that failed validation");
    }

    [Fact]
    public async Task Send_ServerAuthCertificateWithoutUsageExtension_TrustsServer()
    {
        using var certificate = _ca.IssueLeaf("CN=x", "kube.test", null);
        await using var server = new ScriptedHttpServer(certificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server, _ca.AuthorityPem, "kube.test"), s_noRetry);

        await client.GetPathAsync("/version", _timeout.Token);

        server.RequestLines.Should().ContainSingle();
    }

    [Fact]
    public async Task Send_CaBundleHoldsOnlyTheIntermediate_TrustsServer()
    {
        using var intermediate = new TestCertificates(_ca, "CN=intermediate");
        using var certificate = intermediate.IssueServer("kube.test");
        await using var server = new ScriptedHttpServer(certificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server, intermediate.AuthorityPem, "kube.test"), s_noRetry);

        await client.GetPathAsync("/version", _timeout.Token);

        server.RequestLines.Should().ContainSingle();
    }

    [Fact]
    public async Task Send_IntermediateAnchorButWrongName_RejectsServer()
    {
        using var intermediate = new TestCertificates(_ca, "CN=intermediate");
        using var certificate = intermediate.IssueServer("other.test");
        await using var server = new ScriptedHttpServer(certificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server, intermediate.AuthorityPem, "kube.test"), s_noRetry);

        var act = () => client.GetPathAsync("/version", _timeout.Token);

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Send_SiblingIntermediateInBundle_RejectsServer()
    {
        using var intermediate = new TestCertificates(_ca, "CN=intermediate");
        using var sibling = new TestCertificates(_ca, "CN=sibling");
        using var certificate = intermediate.IssueServer("kube.test");
        await using var server = new ScriptedHttpServer(certificate, ScriptedResponse.Ok());
        using var client = new KubeApiClient(Endpoint(server, sibling.AuthorityPem, "kube.test"), s_noRetry);

        var act = () => client.GetPathAsync("/version", _timeout.Token);

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    private static KubeEndpoint Endpoint(ScriptedHttpServer server, string caPem, string? tlsServerName) =>
        new() { ContextName = "tls", Server = server.BaseAddress, Token = "t", CertificateAuthorityPem = caPem, TlsServerName = tlsServerName };
}
