using System.Globalization;
using System.IO.Pipelines;
using McpGate.Bench.Harness;
using McpGate.Core.Cluster;
using McpGate.Core.Storage;
using McpGate.Kubernetes.Api;
using McpGate.Server.Hosting;
using McpGate.Testing.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Bench.Reads;

/// <summary>
/// Pair 5: what the gate adds on the read path. A tool call through the real MCP server (the SDK's
/// client and server over an in-memory stream pair: JSON-RPC framing, argument binding, the read
/// strategy, redaction, the table and structured content) against the same HTTPS request sent
/// directly with our Kubernetes client, on the same in-process sandbox.
/// </summary>
internal static class ReadPathBench
{
    public static async Task<IReadOnlyList<PairResult>> RunAsync()
    {
        await using var harness = await GateHarness.StartAsync();
        var context = new GateContext
        {
            Manifests = harness.Manifests,
            Cluster = harness.Cluster,
            Engine = harness.Engine,
            DataDirectory = DataDirectory.Resolve(Path.Combine(Path.GetTempPath(), "mcpgate-bench-unused")),
            Agent = "bench-agent",
        };
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        using var stop = new CancellationTokenSource();
        var options = new McpServerOptions { ServerInfo = new Implementation { Name = "mcpgate", Version = McpGateServer.Version } };
        options.ToolCollection = [.. McpGateServer.CreateTools(context, NullLoggerFactory.Instance)];
        var transport = McpGateServer.CreateStdioTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), NullLoggerFactory.Instance);
        await using var server = McpServer.Create(transport, options, NullLoggerFactory.Instance, new ServiceCollection().BuildServiceProvider());
        var run = server.RunAsync(stop.Token);
        await using var client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), NullLoggerFactory.Instance));
        var direct = harness.Cluster.Client;
        var pods = new ResourceRef { Group = string.Empty, Version = "v1", Resource = "pods", Namespace = "prod" };
        var web = new ResourceRef { Group = "apps", Version = "v1", Resource = "deployments", Namespace = "demo", Name = "web" };

        var podsList = harness.Manifests.Find("pods_list") ?? throw new InvalidOperationException("no pods_list manifest");
        var podsArguments = McpGate.Core.Manifests.ArgumentBinder.Bind(podsList, new Dictionary<string, System.Text.Json.JsonElement> { ["namespace"] = System.Text.Json.JsonSerializer.SerializeToElement("prod") });
        var readContext = new McpGate.Core.Reads.ReadContext { Cluster = harness.Cluster.Reader };
        var results = new List<PairResult>
        {
            await PairAsync(
                "read: pods_list strategy alone vs direct LIST",
                "KubeApiClient.ListAsync v1/pods in prod (limit 100)",
                "ListRead.ReadAsync pods_list prod (no MCP)",
                async () => _ = await direct.ListAsync(pods, new KubeListOptions { Limit = 100 }),
                async () => _ = await new McpGate.Core.Reads.ListRead().ReadAsync(McpGate.Core.Reads.ReadRequest.For(podsList, podsArguments), readContext, CancellationToken.None)),
            await PairAsync(
                "read: pods_list prod vs direct LIST",
                "KubeApiClient.ListAsync v1/pods in prod (limit 100)",
                "MCP tools/call pods_list namespace=prod",
                async () => _ = await direct.ListAsync(pods, new KubeListOptions { Limit = 100 }),
                () => CallAsync(client, "pods_list", new Dictionary<string, object?> { ["namespace"] = "prod" })),
            await PairAsync(
                "read: resources_get deployment vs direct GET",
                "KubeApiClient.GetAsync demo/web",
                "MCP tools/call resources_get kind=deployment demo/web",
                async () => _ = await direct.GetAsync(web),
                () => CallAsync(client, "resources_get", new Dictionary<string, object?> { ["kind"] = "deployment", ["namespace"] = "demo", ["name"] = "web" })),
        };

        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopped here.
        }

        return results;
    }

    private static async Task<PairResult> PairAsync(string name, string baselineLabel, string subjectLabel, Func<Task> baseline, Func<Task> subject)
    {
        var result = await PairRunner.RunAsync(new PairDefinition
        {
            Name = name,
            BaselineLabel = baselineLabel,
            SubjectLabel = subjectLabel,
            Baseline = async () => await baseline(),
            Subject = async () => await subject(),
            Rounds = 400,
        });
        return result with
        {
            Note = string.Create(CultureInfo.InvariantCulture,
                $"added p50 {Units.Format(result.Subject.Median - result.Baseline.Median)}, p99 {Units.Format(result.Subject.P99 - result.Baseline.P99)} (direct p99 {Units.Format(result.Baseline.P99)}, through MCP p99 {Units.Format(result.Subject.P99)})"),
        };
    }

    private static async Task CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        if (result.IsError == true)
        {
            throw new InvalidOperationException($"{tool} failed: {string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text))}");
        }
    }
}
