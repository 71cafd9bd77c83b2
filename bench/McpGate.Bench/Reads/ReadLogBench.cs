using System.Globalization;
using System.IO.Pipelines;
using McpGate.Bench.Harness;
using McpGate.Core.Ledger;
using McpGate.Core.Storage;
using McpGate.Server.Hosting;
using McpGate.Testing.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Bench.Reads;

/// <summary>
/// Pair 7: what recording reads costs a read. The same read tool called through two real MCP servers on
/// the same sandbox, one with the read log off (<c>audit.recordReads: false</c>) and one with it on,
/// writing to the harness's SQLite ledger in the temp folder (a real disk: every batch pays an fsync).
/// </summary>
internal static class ReadLogBench
{
    public static async Task<IReadOnlyList<PairResult>> RunAsync()
    {
        await using var harness = await GateHarness.StartAsync();
        await using var readLog = new ReadLog(harness.Ledger, TimeProvider.System, NullLogger<ReadLog>.Instance);
        readLog.Start();
        await using var off = await Endpoint.StartAsync(Context(harness, null));
        await using var on = await Endpoint.StartAsync(Context(harness, readLog));

        var results = new List<PairResult>();
        foreach (var (label, tool, arguments) in new (string, string, Dictionary<string, object?>)[]
        {
            ("pods_list namespace=prod", "pods_list", new() { ["namespace"] = "prod" }),
            ("resources_get kind=deployment demo/web", "resources_get", new() { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web" }),
        })
        {
            var result = await PairRunner.RunAsync(new PairDefinition
            {
                Name = $"read log: {tool}, recording off vs on",
                BaselineLabel = $"MCP tools/call {label}, read log off",
                SubjectLabel = $"MCP tools/call {label}, read log on",
                Baseline = async () => await CallAsync(off.Client, tool, arguments),
                Subject = async () => await CallAsync(on.Client, tool, arguments),
                Rounds = 400,
            });
            results.Add(result with
            {
                Note = string.Create(CultureInfo.InvariantCulture,
                    $"added p50 {Units.Format(result.Subject.Median - result.Baseline.Median)}, p99 {Units.Format(result.Subject.P99 - result.Baseline.P99)}"),
            });
        }

        await readLog.CompleteAsync();
        var rows = await harness.Ledger.ListReadsAsync(new ReadQuery());
        Console.WriteLine($"   read log: {rows.Count(r => r.Dropped == 0)} reads recorded, {rows.Sum(r => r.Dropped)} dropped");
        return results;
    }

    private static GateContext Context(GateHarness harness, ReadLog? readLog) => new()
    {
        Manifests = harness.Manifests,
        Cluster = harness.Cluster,
        Engine = harness.Engine,
        DataDirectory = DataDirectory.Resolve(Path.Combine(Path.GetTempPath(), "mcpgate-bench-unused")),
        Agent = "bench-agent",
        ReadLog = readLog,
    };

    private static async Task CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        if (result.IsError == true)
        {
            throw new InvalidOperationException($"{tool} failed: {string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text))}");
        }
    }

    /// <summary>A real MCP server for <see cref="GateContext"/> and the SDK's client, over an in-memory stream pair.</summary>
    private sealed class Endpoint : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private McpServer _server = null!;
        private Task _run = Task.CompletedTask;

        public McpClient Client { get; private set; } = null!;

        public static async Task<Endpoint> StartAsync(GateContext context)
        {
            var endpoint = new Endpoint();
            var clientToServer = new Pipe();
            var serverToClient = new Pipe();
            var options = new McpServerOptions { ServerInfo = new Implementation { Name = "mcpgate", Version = McpGateServer.Version } };
            options.ToolCollection = [.. McpGateServer.CreateTools(context, NullLoggerFactory.Instance)];
            var transport = McpGateServer.CreateStdioTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), NullLoggerFactory.Instance);
            endpoint._server = McpServer.Create(transport, options, NullLoggerFactory.Instance, new ServiceCollection().BuildServiceProvider());
            endpoint._run = endpoint._server.RunAsync(endpoint._stop.Token);
            endpoint.Client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), NullLoggerFactory.Instance));
            return endpoint;
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
                // Stopped here.
            }

            await _server.DisposeAsync();
            _stop.Dispose();
        }
    }
}
