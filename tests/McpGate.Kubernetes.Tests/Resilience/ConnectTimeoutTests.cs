using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.KubeConfig;

namespace McpGate.Kubernetes.Tests.Resilience;

/// <summary>A server that accepts TCP but never completes the TLS handshake: a connect timeout, i.e. a connection fault.</summary>
public sealed class ConnectTimeoutTests : IDisposable
{
    private static readonly ResourceRef s_web = new() { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };
    private static readonly KubeApiClientOptions s_options = new()
    {
        ConnectTimeout = TimeSpan.FromMilliseconds(500),
        MaxReadAttempts = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        Timeout = TimeSpan.FromSeconds(20),
    };

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private int _accepted;

    public ConnectTimeoutTests()
    {
        _listener.Start();
        _ = Task.Run(AcceptSilentlyAsync);
    }

    public void Dispose()
    {
        _timeout.Cancel();
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(c => c.Dispose());
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task GetAsync_HandshakeTimesOut_RetriedThenUnavailable()
    {
        using var port = Port();

        var act = () => port.GetAsync(s_web, _timeout.Token);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.Unavailable);
        Volatile.Read(ref _accepted).Should().Be(2, "a read is retried after a connection fault");
    }

    [Fact]
    public async Task PatchAsync_HandshakeTimesOut_RetriedBecauseNothingWasSent()
    {
        using var port = Port();

        var act = () => port.PatchAsync(s_web, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 2 } }, "1", dryRun: false, _timeout.Token);

        (await act.Should().ThrowAsync<ClusterException>()).Which.Kind.Should().Be(ClusterErrorKind.Unavailable);
        Volatile.Read(ref _accepted).Should().Be(2, "no byte of the request left before the handshake finished");
    }

    [Fact]
    public async Task GetAsync_CallerCancels_StillOperationCanceled()
    {
        using var port = Port();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = () => port.GetAsync(s_web, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    private KubernetesClusterPort Port() =>
        KubernetesClusterPort.FromEndpoint(
            new KubeEndpoint { ContextName = "silent", Server = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}"), Token = "t" },
            s_options);

    private async Task AcceptSilentlyAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_timeout.Token);
                Interlocked.Increment(ref _accepted);
                lock (_held)
                {
                    _held.Add(client);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
