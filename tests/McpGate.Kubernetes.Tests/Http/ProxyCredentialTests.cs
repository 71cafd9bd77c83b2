using System.Net;
using System.Net.Sockets;
using System.Text;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Http;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Tests.Http;

/// <summary>A proxy-url with user:password authenticates to the proxy but never shows up in what we report.</summary>
public sealed class ProxyCredentialTests : IDisposable
{
    private static readonly ResourceRef s_web = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public static TheoryData<string, string> Urls => new()
    {
        { "http://alice:S3cretPw@proxy:3128", "http://proxy:3128" },
        { "proxy https://bob@proxy.example/x failed", "proxy https://proxy.example/x failed" },
        { "(http://a%40b:p%3Aw@10.0.0.1:8080/) and https://c:d@e", "(http://10.0.0.1:8080/) and https://e" },
        { "no url here: user:pass@host", "no url here: user:pass@host" },
    };

    public void Dispose() => _timeout.Dispose();

    [Theory]
    [MemberData(nameof(Urls))]
    public void Redact_UrlWithUserInfo_RemovesIt(string text, string expected) =>
        UrlCredentials.Redact(text).Should().Be(expected);

    [Theory]
    [InlineData(407)]
    [InlineData(502)]
    public async Task GetAsync_ProxyRefuses_ErrorDoesNotContainProxyPassword(int code)
    {
        using var listener = new ProxyStub(code);
        var yaml = $$"""
            clusters:
            - name: c
              cluster: {server: "https://kube.example:6443", insecure-skip-tls-verify: true, proxy-url: "http://alice:S3cretPw@127.0.0.1:{{listener.Port}}"}
            users:
            - name: u
              user: {token: tok}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """;
        using var port = KubernetesClusterPort.FromConfiguration(
            KubeConfigLoader.Parse(yaml, "/tmp/k", "/tmp"), null, new KubeApiClientOptions { MaxReadAttempts = 1, Timeout = TimeSpan.FromSeconds(10) });

        var act = () => port.GetAsync(s_web, _timeout.Token);

        var thrown = await act.Should().ThrowAsync<ClusterException>();
        thrown.Which.ToString().Should().NotContain("S3cretPw");
        if (code == 407)
        {
            var basic = Convert.ToBase64String(Encoding.ASCII.GetBytes("alice:S3cretPw"));
            listener.Requests.Should().Contain(r => r.Contains("Proxy-Authorization: Basic " + basic, StringComparison.Ordinal), "the credentials still go to the proxy");
        }
    }

    /// <summary>Answers every CONNECT with one status code.</summary>
    private sealed class ProxyStub : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public ProxyStub(int code)
        {
            _listener.Start();
            _ = Task.Run(() => ServeAsync(code));
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public List<string> Requests { get; } = [];

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task ServeAsync(int code)
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    lock (Requests)
                    {
                        Requests.Add(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    var challenge = code == 407 ? "Proxy-Authenticate: Basic realm=\"x\"\r\n" : string.Empty;
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {code} X\r\n{challenge}Content-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
