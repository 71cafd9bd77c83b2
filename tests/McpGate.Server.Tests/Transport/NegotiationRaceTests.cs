using System.IO.Pipelines;
using McpGate.Server.Hosting;
using McpGate.Testing.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tests.Transport;

/// <summary>
/// The race behind "Method 'initialize' is not available on protocol version '2026-07-28'": an SDK
/// client probes with server/discover, gives up after its probe timeout while the server is still
/// starting, cancels the probe and sends initialize. The server then reads all three at once.
/// Here the server starts only after the client has written the cancellation and the initialize,
/// which is exactly what a slow start looks like from the server's side.
/// </summary>
public sealed class NegotiationRaceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Connect_ClientFellBackToInitializeBeforeServerRead_Succeeds50TimesInARow()
    {
        for (var run = 1; run <= 50; run++)
        {
            var protocol = await ConnectAfterFallbackAsync();

            protocol.Should().Be("2025-11-25", $"run {run}: the client's fallback initialize must be served");
        }
    }

    private static async Task<string?> ConnectAfterFallbackAsync()
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        using var timeout = new CancellationTokenSource(s_timeout);
        var discoverWritten = new WatchedStream(clientToServer.Writer.AsStream(), "\"server/discover\"", "\"initialize\"");
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var clientTransport = new StreamClientTransport(discoverWritten, serverToClient.Reader.AsStream(), NullLoggerFactory.Instance);
        var connecting = McpClient.CreateAsync(clientTransport, new McpClientOptions { TimeProvider = clock }, cancellationToken: timeout.Token);

        // The client's probe (5 s by default) times out while the server has read nothing: the
        // client falls back to initialize. Only then does the server start reading.
        await discoverWritten.Seen("\"server/discover\"").WaitAsync(timeout.Token);
        clock.Advance(TimeSpan.FromSeconds(5));
        await discoverWritten.AllSeen.WaitAsync(timeout.Token);
        var transport = McpGateServer.CreateStdioTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), NullLoggerFactory.Instance);
        var options = new McpServerOptions { ServerInfo = new Implementation { Name = "mcpgate", Version = McpGateServer.Version } };
        await using var server = McpServer.Create(transport, options, NullLoggerFactory.Instance, new ServiceCollection().BuildServiceProvider());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var serving = server.RunAsync(stop.Token);
        try
        {
            await using var client = await connecting.WaitAsync(timeout.Token);
            await client.PingAsync(cancellationToken: timeout.Token);
            return client.NegotiatedProtocolVersion;
        }
        finally
        {
            await stop.CancelAsync();
            await serving.WaitAsync(s_timeout).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
