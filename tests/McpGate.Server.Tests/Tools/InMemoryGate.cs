using System.IO.Pipelines;
using McpGate.Core.Storage;
using McpGate.Server.Hosting;
using McpGate.Server.Resources;
using McpGate.Testing.Engine;
using McpGate.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Tests.Tools;

/// <summary>
/// The gate's MCP tools on a real MCP server, reached by the SDK's client over an in-memory
/// stream pair; behind them a real engine, ledger and sandbox cluster (<see cref="GateHarness"/>).
/// </summary>
internal sealed class InMemoryGate : IAsyncDisposable
{
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _stop = new();
    private McpServer? _server;
    private ChangeSubscriptions? _subscriptions;
    private Task? _serverRun;

    private InMemoryGate(GateHarness harness, ReadLogOptions? readLog)
    {
        Harness = harness;
        ReadLog = readLog is null ? null : new ReadLog(harness.Ledger, TimeProvider.System, ReadLogLogs, readLog);
    }

    public GateHarness Harness { get; }

    /// <summary>Where read tool calls are recorded (in the harness's ledger); null unless asked for.</summary>
    public ReadLog? ReadLog { get; }

    /// <summary>What the read log logged.</summary>
    public LogCollector<ReadLog> ReadLogLogs { get; } = new();

    public McpClient Client { get; private set; } = null!;

    /// <summary>The server's resource subscriptions.</summary>
    internal ChangeSubscriptions Subscriptions => _subscriptions!;

    /// <param name="policyYaml">The policy file the gate runs with (rules, readScope...); the harness's default when null.</param>
    /// <param name="readLog">Record read tool calls with these options (started at once); none when null.</param>
    /// <param name="clientOptions">The client's options (e.g. a protocol revision); the SDK's defaults when null.</param>
    public static async Task<InMemoryGate> StartAsync(string? policyYaml = null, ReadLogOptions? readLog = null, McpClientOptions? clientOptions = null)
    {
        var gate = new InMemoryGate(await GateHarness.StartAsync(policyYaml ?? GateHarness.DefaultPolicy), readLog);
        gate.ReadLog?.Start();
        await gate.ConnectAsync(clientOptions);
        return gate;
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        await _stop.CancelAsync();
        if (_serverRun is not null)
        {
            try
            {
                await _serverRun;
            }
            catch (OperationCanceledException)
            {
                // Stopped by us.
            }
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_subscriptions is not null)
        {
            await _subscriptions.DisposeAsync();
        }

        _stop.Dispose();
        if (ReadLog is not null)
        {
            await ReadLog.DisposeAsync();
        }

        await Harness.DisposeAsync();
    }

    private async Task ConnectAsync(McpClientOptions? clientOptions)
    {
        var context = new GateContext
        {
            Manifests = Harness.Manifests,
            Cluster = Harness.Cluster,
            Engine = Harness.Engine,
            DataDirectory = DataDirectory.Resolve(Path.Combine(Path.GetTempPath(), "unused-by-tools")),
            Agent = "test-agent",
            ReadScope = Harness.Policy.ReadScope,
            Policies = Harness.Policy.Sources,
            ReadLog = ReadLog,
        };
        var options = new McpServerOptions { ServerInfo = new Implementation { Name = "mcpgate", Version = McpGateServer.Version } };
        options.ToolCollection = [.. McpGateServer.CreateTools(context, NullLoggerFactory.Instance)];
        McpGateServer.CreateResources(context, NullLoggerFactory.Instance, out _subscriptions).Register(options);
        var transport = McpGateServer.CreateStdioTransport(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream(), NullLoggerFactory.Instance);
        _server = McpServer.Create(transport, options, NullLoggerFactory.Instance, new ServiceCollection().BuildServiceProvider());
        _serverRun = _server.RunAsync(_stop.Token);
        Client = await McpClient.CreateAsync(new StreamClientTransport(_clientToServer.Writer.AsStream(), _serverToClient.Reader.AsStream(), NullLoggerFactory.Instance), clientOptions);
    }
}
