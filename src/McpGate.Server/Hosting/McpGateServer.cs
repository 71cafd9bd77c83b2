using System.Reflection;
using McpGate.Server.Resources;
using McpGate.Server.Tools;
using McpGate.Server.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGate.Server.Hosting;

/// <summary>Hosts a gate as an MCP server over stdio (stdout carries protocol only; logs go to stderr) or HTTP.</summary>
public static partial class McpGateServer
{
    public const string Instructions =
        "McpGate exposes infrastructure tools. Read tools answer from the cluster. Write tools never change anything directly: " +
        "they return a change id that a human approves outside this conversation with their own key; approval given in the chat does not count. " +
        "Follow a change with get_change (wait_seconds to wait); changes_list finds your own changes, e.g. a change id you lost.";

    public static string Version { get; } =
        typeof(McpGateServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// The MCP tools for a gate: one per manifest, plus <c>get_change</c>, <c>changes_list</c> and
    /// <c>contexts_list</c>. With a <see cref="GateContext.ReadLog"/>, every read-only tool's calls are recorded.
    /// </summary>
    public static IReadOnlyList<McpServerTool> CreateTools(GateContext gate, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var tools = new List<McpServerTool>();
        tools.AddRange(gate.Manifests.Tools.Select(m => new ManifestTool(m, gate, loggerFactory.CreateLogger<ManifestTool>())));
        tools.Add(new GetChangeTool(gate, loggerFactory.CreateLogger<GetChangeTool>()));
        tools.Add(new ChangesListTool(gate));
        tools.Add(new ContextsListTool(gate));
        return gate.ReadLog is { } readLog
            ? [.. tools.Select(t => t.ProtocolTool.Annotations?.ReadOnlyHint == true ? new RecordedReadTool(t, readLog, gate) : t)]
            : tools;
    }

    /// <summary>
    /// The gate's MCP resources (changes, their proofs, approvals and timelines, policies, manifests)
    /// and the subscriptions on them; <see cref="GateResources.Register"/> puts them on a server's options.
    /// </summary>
    internal static GateResources CreateResources(GateContext gate, ILoggerFactory loggerFactory, out ChangeSubscriptions subscriptions)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        subscriptions = new ChangeSubscriptions(gate.Engine, gate.Time, loggerFactory.CreateLogger<ChangeSubscriptions>());
        return new GateResources(gate, subscriptions, loggerFactory.CreateLogger<GateResources>());
    }

    public static async Task RunStdioAsync(GateRuntime runtime, LogLevel logLevel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ConfigureLogging(builder.Logging, logLevel);
        using var loggerFactory = LoggerFactory.Create(b => ConfigureLogging(b, logLevel));
        AddGate(builder.Services, runtime, loggerFactory).WithStdioServerTransport();

        // The gate's own stdio transport replaces the SDK's (registered last, so it wins): it answers
        // malformed input with the specific JSON-RPC error and logs refusals in one line.
        builder.Services.AddSingleton<ITransport>(sp => CreateStdioTransport(Console.OpenStandardInput(), Console.OpenStandardOutput(), sp.GetRequiredService<ILoggerFactory>()));

        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The gate as a service, without MCP (<c>serve --service</c>): the engine's loop settles
    /// approvals and executes approved changes for the data directory until stopped (SIGTERM,
    /// SIGINT). Agents reach it through <c>serve --attach</c> processes that share the directory.
    /// </summary>
    public static async Task RunServiceAsync(GateRuntime runtime, LogLevel logLevel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ConfigureLogging(builder.Logging, logLevel);
        builder.Services.AddSingleton(runtime.Context.Engine);
        AddExecution(builder.Services, runtime);
        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The gate's services and MCP tools, the same for every transport; the caller adds the transport.</summary>
    private static IMcpServerBuilder AddGate(IServiceCollection services, GateRuntime runtime, ILoggerFactory loggerFactory)
    {
        services.AddSingleton(runtime.Context);
        services.AddSingleton(runtime.Context.Engine);
        if (runtime.Context.Engine.Executes)
        {
            AddExecution(services, runtime);
        }

        // Before the MCP server: hosted services stop in reverse order, so the read log drains after the last read.
        if (runtime.Context.ReadLog is { } readLog)
        {
            services.AddSingleton(readLog);
            services.AddHostedService<ReadLogWorker>();
        }

        // Resource subscriptions end when the gate stops (a hosted service, stopped before the engine).
        var resources = CreateResources(runtime.Context, loggerFactory, out var subscriptions);
        services.AddSingleton(subscriptions);
        services.AddHostedService(_ => subscriptions);

        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "mcpgate", Version = Version };
                options.ServerInstructions = Instructions;
                resources.Register(options);
            })
            .WithTools(CreateTools(runtime.Context, loggerFactory));
    }

    /// <summary>
    /// The executing gate's background work: the engine's loop, and the checkpoints of the ledger.
    /// The checkpoint worker is registered first so that it stops after the engine, and its last
    /// checkpoint covers the engine's last entry.
    /// </summary>
    private static void AddExecution(IServiceCollection services, GateRuntime runtime)
    {
        services.AddSingleton(runtime.Checkpointer);
        services.AddSingleton(runtime.Context.Time);
        services.AddHostedService<CheckpointWorker>();
        services.AddHostedService<EngineWorker>();

        // Reads the ledger only; stopped first, and a notification it had not finished is sent again after a restart.
        if (runtime.Context.Notifications is { } notifications)
        {
            services.AddHostedService(_ => notifications);
        }
    }

    /// <summary>The gate's MCP transport over a pair of streams: stdin and stdout in production, pipes in tests.</summary>
    public static ITransport CreateStdioTransport(Stream input, Stream output, ILoggerFactory loggerFactory) =>
        new GateStdioTransport(input, output, loggerFactory);

    /// <summary>Console logging to stderr only: stdout belongs to the MCP stdio transport.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.SetMinimumLevel(level);

        // The SDK logs a client's mistake (unknown tool, unknown method, bad params) as a warning or an
        // error with a stack trace. The gate's transport logs every error answer in one line instead, and
        // the tools log their own failures, so the SDK's own lines would only repeat them.
        logging.AddFilter("ModelContextProtocol", LogLevel.None);

        // ASP.NET Core's per-request lines repeat what the HTTP endpoint logs (without ever a token).
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
