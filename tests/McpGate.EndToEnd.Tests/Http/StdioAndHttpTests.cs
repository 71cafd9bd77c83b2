using System.Net;
using System.Net.Sockets;
using McpGate.Testing.Files;
using McpGate.Testing.Mcp;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests.Http;

/// <summary><c>serve --http ADDR --stdio</c>: one process, one engine, both transports; stdio's requester is --agent, HTTP's the token's.</summary>
public sealed class StdioAndHttpTests : IDisposable
{
    private readonly TempDirectory _temp = new("mcpgate-both-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Serve_WithHttpAndStdio_ServesBoth_EachWithItsOwnRequester()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var policies = _temp.CopyPolicies();
        var token = await McpGateHttpServer.CreateTokenAsync(policies, "http-bot");
        var port = FreePort();
        await using var stdio = await McpGateClient.StartAsync(["--http", $"127.0.0.1:{port}", "--stdio", "--sandbox", "--policies", policies, "--data-dir", _temp.Combine("data"), "--agent", "stdio-agent"], timeout.Token);

        var viaStdio = await stdio.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 5, ["reason"] = "stdio" }, cancellationToken: timeout.Token);
        var transport = new ModelContextProtocol.Client.HttpClientTransport(new ModelContextProtocol.Client.HttpClientTransportOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/mcp"),
            TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        await using var http = await ModelContextProtocol.Client.McpClient.CreateAsync(transport, cancellationToken: timeout.Token);
        var viaHttp = await http.CallOkAsync("scale_deployment", new() { ["namespace"] = "demo", ["name"] = "web", ["replicas"] = 6, ["reason"] = "http" }, cancellationToken: timeout.Token);

        viaStdio.GetProperty("requester").GetString().Should().Be("stdio-agent");
        viaHttp.GetProperty("requester").GetString().Should().Be("http-bot");

        // One engine: the change proposed over stdio is visible over HTTP.
        var seen = await http.CallOkAsync("get_change", new() { ["change_id"] = viaStdio.GetProperty("changeId").GetString() }, cancellationToken: timeout.Token);
        seen.GetProperty("status").GetString().Should().Be("pending_approval");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
