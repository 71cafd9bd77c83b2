using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;
using McpGate.Kubernetes.Tests.Support;

namespace McpGate.Kubernetes.Tests.Http;

/// <summary><c>tls-server-name</c> is what the client asks for in the handshake (SNI), not only the name it checks.</summary>
public sealed class TlsServerNameTests : IDisposable
{
    private readonly TestCertificates _ca = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        _ca.Dispose();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData("kube.test", "kube.test")]
    [InlineData(null, "")]
    public async Task Send_TlsServerName_IsSentAsSni(string? tlsServerName, string expectedSni)
    {
        using var certificate = _ca.IssueServer("kube.test");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var sni = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serve = Task.Run(
            async () =>
            {
                using var connection = await listener.AcceptTcpClientAsync(_timeout.Token);
                await using var tls = new SslStream(connection.GetStream());
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificateSelectionCallback = (_, name) =>
                        {
                            sni.TrySetResult(name ?? string.Empty);
                            return certificate;
                        },
                    },
                    _timeout.Token);
            },
            _timeout.Token);
        var endpoint = new KubeEndpoint
        {
            ContextName = "sni",
            Server = new Uri($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"),
            Token = "t",
            CertificateAuthorityPem = _ca.AuthorityPem,
            TlsServerName = tlsServerName,
        };
        using var client = new KubeApiClient(endpoint, new KubeApiClientOptions { MaxReadAttempts = 1, Timeout = TimeSpan.FromSeconds(5) });

        var request = client.GetPathAsync("/version", _timeout.Token);

        (await sni.Task.WaitAsync(_timeout.Token)).Should().Be(expectedSni, "an IP address is never sent as SNI");
        await serve.WaitAsync(_timeout.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        await request.ContinueWith(static _ => { }, TaskScheduler.Default);
    }
}
