using System.Net;
using System.Security.Cryptography.X509Certificates;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests.Http;

/// <summary><c>serve --http 0.0.0.0:0 --tls-cert --tls-key</c>: HTTPS with the operator's PEM files, the non-loopback bind that TLS allows.</summary>
public sealed class HttpsTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-https-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Serve_WithTlsOnAnyAddress_ServesMcpOverHttpsWithThatCertificate()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var cert = _temp.Combine("cert.pem");
        var key = _temp.Combine("key.pem");
        var openssl = await ProcessRunner.RunAsync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], TimeSpan.FromSeconds(30));
        openssl.ExitCode.Should().Be(0, openssl.ToString());
        var policies = _temp.CopyPolicies();
        var token = await McpGateHttpServer.CreateTokenAsync(policies, "tls-bot");

        await using var server = await McpGateHttpServer.StartAsync("--http", "0.0.0.0:0", "--tls-cert", cert, "--tls-key", key, "--sandbox", "--policies", policies, "--data-dir", _temp.Combine("data"));
        server.Url.Scheme.Should().Be("https");

        using var expected = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(cert, timeout.Token));
        string? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate?.Thumbprint;
                return certificate?.Thumbprint == expected.Thumbprint;
            },
        };
        using var http = new HttpClient(handler);
        var url = new UriBuilder(server.Url) { Host = "127.0.0.1" }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(RawMcp.Initialize, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        using var response = await http.SendAsync(request, timeout.Token);

        presented.Should().Be(expected.Thumbprint, "the gate presents the operator's certificate");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(timeout.Token)).Should().Contain("\"mcpgate\"");
        using var plain = new HttpClient();
        var insecure = async () => await plain.GetAsync(new UriBuilder(url) { Scheme = "http", Path = "/healthz" }.Uri, timeout.Token);
        await insecure.Should().ThrowAsync<HttpRequestException>("the port speaks TLS only");
    }
}
