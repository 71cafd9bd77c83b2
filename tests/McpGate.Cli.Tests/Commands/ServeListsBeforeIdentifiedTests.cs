using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Time;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpGate.Cli.Tests.Commands;

/// <summary>
/// <c>serve</c> over stdio answers <c>initialize</c> and <c>tools/list</c> from the manifests while the
/// cluster is still being identified, through the real executable and the SDK's client. The cluster
/// here accepts connections and never answers until the test lets go: whatever the client got before
/// that cannot have waited for the cluster. A tool call waits for the start, and when the cluster
/// turns out unreachable, its result says so (and a resource request's error), nothing runs, and the server stops.
/// </summary>
public sealed class ServeListsBeforeIdentifiedTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ToolsList_WhileTheClusterHangs_IsAnswered_AndACallGetsTheStartsError()
    {
        await using var cluster = new SilentCluster();
        var log = new ConcurrentQueue<string>();
        var dataDir = _dir.Combine("data");
        await using var client = await McpGateClient.StartAsync(
            ["--kubeconfig", WriteKubeconfig(cluster.Port), "--data-dir", dataDir, "--policies", RepoPaths.Policies, "--manifests", RepoPaths.Manifests],
            environment: null,
            standardError: log.Enqueue);

        var tools = await client.ListToolsAsync();

        cluster.Accepted.Should().BeGreaterThan(0, "the identity read is under way: the server connected before it answered");
        tools.Select(t => t.Name).Should().Contain(["scale_deployment", "get_deployment", "get_change", "changes_list", "contexts_list"]);
        tools.Should().HaveCount(Directory.EnumerateFiles(RepoPaths.Manifests, "*.yaml").Count() + 3, "one tool per manifest and the gate's three");
        log.Should().NotContain(l => l.Contains("is cluster", StringComparison.Ordinal), "the cluster was not identified yet");

        // Both wait for the start; the cluster then fails (connections closed, then refused).
        var write = client.CallToolAsync("scale_deployment", new Dictionary<string, object?> { ["namespace"] = "prod", ["name"] = "web", ["replicas"] = 9, ["reason"] = "load test" }).AsTask();
        var read = client.CallToolAsync("get_deployment", new Dictionary<string, object?> { ["namespace"] = "prod", ["name"] = "web" }).AsTask();
        var resources = client.ListResourcesAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        write.IsCompleted.Should().BeFalse("a call waits for the gate's runtime");
        await cluster.FailAsync();

        foreach (var result in new[] { await write, await read })
        {
            result.IsError.Should().BeTrue();
            var text = McpGateClient.TextOf(result);
            text.Should().StartWith("McpGate could not start, so nothing was read or changed:")
                .And.Contain("cluster 'silent': cannot establish which cluster this is");
        }

        var refused = await FluentActions.Awaiting(() => resources).Should().ThrowAsync<McpException>();
        refused.Which.Message.Should().Contain("McpGate could not start, so nothing was read or changed:").And.Contain("cluster 'silent'");

        // The start failed: the server stops, as it always did, and wrote no ledger for a cluster it could not name.
        await Poll.UntilAsync(() => log.Any(l => l.Contains("mcpgate: cluster 'silent': cannot establish which cluster this is", StringComparison.Ordinal)), "the server's last line naming the failure");
        (Directory.Exists(dataDir) ? Directory.EnumerateFiles(dataDir, "ledger.db*", SearchOption.AllDirectories) : []).Should().BeEmpty();
    }

    private string WriteKubeconfig(int port) => LoopbackKubeconfig.Write(_dir.Combine("kubeconfig"), "silent", port);

    /// <summary>A TCP endpoint that accepts connections and says nothing, until <see cref="FailAsync"/> closes them and stops listening.</summary>
    private sealed class SilentCluster : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly ConcurrentBag<Socket> _held = [];
        private readonly Task _accepting;
        private int _accepted;

        public SilentCluster()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepting = AcceptAsync();
        }

        public int Port { get; }

        public int Accepted => Volatile.Read(ref _accepted);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    _held.Add(await _listener.AcceptSocketAsync());
                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        public async Task FailAsync()
        {
            _listener.Stop();
            await _accepting;
            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        public async ValueTask DisposeAsync() => await FailAsync();
    }
}
